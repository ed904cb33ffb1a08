import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { QualityItemKind } from './items';
import {
  MappedPage,
  QualityCursorSource,
  QualitySource,
  QualitySourcePaging,
  QualitySourceRun,
  QualitySourceScope,
} from './source';
import { UpdatedPage } from './sync';
import { QualityWebhook } from './webhooks';

/**
 * The settings every configured instance of a source has in app-config.
 *
 * @public
 */
export interface QualitySourceSettings {
  id: string;
  requestBudget: number;
  backfillDays: number;
  reconcileHours?: number;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  now?: () => Date;
}

/**
 * What a source configured in app-config takes from its settings: the id,
 * schedule and request budget; and its webhook, when it has a secret.
 *
 * @public
 */
export abstract class ConfiguredSource {
  readonly id: string;
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;
  readonly requestBudget: number;
  readonly webhook?: QualityWebhook;

  constructor(settings: QualitySourceSettings, webhook?: QualityWebhook) {
    this.id = settings.id;
    this.schedule = settings.schedule;
    this.requestBudget = settings.requestBudget;
    this.webhook = webhook;
  }
}

/**
 * A `QualitySource` made from its app-config settings: the id, schedule,
 * budget and paging come from them, so a vendor's class holds only what is
 * its own — the reads, the client, the scopes, fetching and mapping.
 *
 * @public
 */
export abstract class ConfiguredQualitySource<Client, Target, Raw = unknown>
  extends ConfiguredSource
  implements QualitySource<Client, Target, Raw>
{
  readonly paging: QualitySourcePaging;
  abstract readonly reads: readonly QualityItemKind[];

  constructor(
    settings: QualitySourceSettings,
    paging: Pick<QualitySourcePaging, 'order' | 'filterPrecisionMs'>,
    webhook?: QualityWebhook,
  ) {
    super(settings, webhook);
    this.paging = {
      ...paging,
      backfillDays: settings.backfillDays,
      reconcileHours: settings.reconcileHours,
      now: settings.now,
    };
  }

  abstract client(run: QualitySourceRun): Client | Promise<Client>;
  abstract scopes(entities: Entity[]): QualitySourceScope<Target>[];
  abstract fetchPage(
    client: Client,
    target: Target,
    since: Date,
    pageToken: string | undefined,
  ): Promise<UpdatedPage<Raw>>;
  abstract updatedAt(raw: Raw): Date;
  abstract map(
    client: Client,
    scope: QualitySourceScope<Target>,
    page: Raw[],
  ): Promise<MappedPage>;
}

/**
 * A `QualityCursorSource` made from its app-config settings.
 *
 * @public
 */
export abstract class ConfiguredCursorSource<Client, Target, Raw = unknown>
  extends ConfiguredSource
  implements QualityCursorSource<Client, Target, Raw>
{
  abstract readonly reads: readonly QualityItemKind[];

  abstract client(run: QualitySourceRun): Client | Promise<Client>;
  abstract scopes(entities: Entity[]): QualitySourceScope<Target>[];
  abstract read(
    client: Client,
    target: Target,
    cursor: string | undefined,
  ): AsyncGenerator<{ items: Raw[]; resumeFrom?: string }, string | undefined>;
  abstract map(
    client: Client,
    scope: QualitySourceScope<Target>,
    page: Raw[],
  ): Promise<MappedPage>;
}
