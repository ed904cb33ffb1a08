import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  entitiesByAnnotation,
  NormalisedIncident,
  QualityProvider,
  QualityProviderSyncContext,
  RequestBudget,
  runIncrementalSync,
  vendorCaller,
  VendorCaller,
} from '@quality-pulse/plugin-quality-node';

/** The Opsgenie plugin's annotation: a query that selects the component's incidents. */
export const OPSGENIE_COMPONENT_SELECTOR_ANNOTATION =
  'opsgenie.com/component-selector';

/** How one API is read: a page of items matching a query, and an item as an incident. */
export interface SelectorSource {
  page(
    call: VendorCaller,
    query: string,
    offset: number,
  ): Promise<{ data: unknown[]; hasNext: boolean }>;
  /** The incident, or why the item was skipped. */
  toIncident(
    raw: unknown,
    entityRef: string,
  ): { incident: NormalisedIncident } | { skip: string; id: string };
}

export interface SelectorIncidentsProviderOptions {
  id: string;
  source: SelectorSource;
  backfillDays: number;
  requestBudget: number;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  now?: () => Date;
}

/**
 * Incidents from Opsgenie or its successor, Jira Service Management
 * operations: one scope per `opsgenie.com/component-selector` query (both
 * speak the same query language, so the annotation survives the migration),
 * narrowed to what was updated since the last run and paged by offset in
 * creation order.
 */
export class SelectorIncidentsProvider implements QualityProvider {
  readonly id: string;
  readonly reads = ['incidents'] as const;
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;

  constructor(private readonly options: SelectorIncidentsProviderOptions) {
    this.id = options.id;
    this.schedule = options.schedule;
  }

  async sync(context: QualityProviderSyncContext): Promise<void> {
    const { source } = this.options;
    const selectors = entitiesByAnnotation(
      context.entities,
      OPSGENIE_COMPONENT_SELECTOR_ANNOTATION,
    );
    const call = vendorCaller({
      budget: new RequestBudget(this.options.requestBudget),
      signal: context.signal,
      logger: context.logger,
    });
    for (const [selector, entities] of selectors) {
      if (context.signal.aborted) return;
      const entityRef = stringifyEntityRef(entities[0]);
      await context.runScope(
        `selector ${selector}`,
        (cursor, scoped) =>
          runIncrementalSync<unknown>({
            cursor,
            checkpoint: scoped.checkpoint,
            order: 'stable',
            backfillHorizonDays: this.options.backfillDays,
            now: this.options.now,
            signal: context.signal,
            fetchPage: async (since, token) => {
              const offset = Number(token ?? 0);
              const page = await source.page(
                call,
                `(${selector}) AND updatedAt >= ${since.getTime()}`,
                offset,
              );
              return {
                items: page.data,
                nextPageToken: page.hasNext
                  ? String(offset + page.data.length)
                  : undefined,
              };
            },
            updatedAt: () => new Date(0),
            storePage: async rawItems => {
              const incidents: NormalisedIncident[] = [];
              for (const raw of rawItems) {
                const result = source.toIncident(raw, entityRef);
                if ('skip' in result) {
                  scoped.skip('incidents', result.id, result.skip);
                } else {
                  incidents.push(result.incident);
                }
              }
              await scoped.sink.upsertIncidents(incidents);
            },
          }),
        { entityRefs: entities.map(entity => stringifyEntityRef(entity)) },
      );
    }
  }
}
