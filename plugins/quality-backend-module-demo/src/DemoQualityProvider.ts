import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { isQualityConfigured } from '@quality-pulse/plugin-quality-common';
import {
  QualityCursorSource,
  QualitySourceScope,
} from '@quality-pulse/plugin-quality-node';
import {
  DemoHistory,
  DemoImprovement,
  generateDemoHistory,
} from './generateDemoHistory';

const DAY = 24 * 60 * 60 * 1000;

/** @public */
export interface DemoQualityProviderOptions {
  seed: string;
  /** Pins the end of the history; by default it is the start of the current UTC day. */
  anchorDate?: Date;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  /** The quality initiative story the demo tells (see DemoImprovement). */
  improvement?: DemoImprovement;
  now?: () => number;
}

/**
 * Writes generated history for every annotated component through the same
 * sink a real provider uses. One scope per entity, so the sync status reads
 * like a real provider's. The cursor of a scope names the seed and anchor it
 * was written for: runs in between are no-ops, so the task can run every
 * minute and still picks up entities the catalog adds after start-up.
 * @public
 */
export class DemoQualityProvider
  implements QualityCursorSource<undefined, Entity, DemoHistory>
{
  readonly id = 'demo';
  readonly reads = ['bugs', 'incidents', 'postmortems', 'deployments'] as const;
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;
  /** Nothing is asked of a vendor. */
  readonly requestBudget = 0;

  constructor(private readonly options: DemoQualityProviderOptions) {
    this.schedule = options.schedule;
  }

  /**
   * The history ends at the start of the current UTC day, so the default
   * windows always hold data; on a given day every start writes the same items.
   */
  anchor(): number {
    if (this.options.anchorDate) {
      return this.options.anchorDate.getTime();
    }
    const now = (this.options.now ?? Date.now)();
    return now - (now % DAY);
  }

  client() {
    return undefined;
  }

  scopes(entities: Entity[]): QualitySourceScope<Entity>[] {
    return entities.filter(isQualityConfigured).map(entity => ({
      name: stringifyEntityRef(entity),
      target: entity,
    }));
  }

  async *read(_client: undefined, entity: Entity, cursor: string | undefined) {
    const anchor = this.anchor();
    const { seed, improvement } = this.options;
    const story = improvement
      ? ` improving ${improvement.days}d ${improvement.owners.join(',')}`
      : '';
    const wanted = `${seed}@${new Date(anchor).toISOString()}${story}`;
    if (cursor !== wanted) {
      yield {
        items: [generateDemoHistory(entity, { seed, anchor, improvement })],
      };
    }
    return wanted;
  }

  async map(
    _client: undefined,
    _scope: QualitySourceScope<Entity>,
    [history]: DemoHistory[],
  ) {
    return history;
  }
}
