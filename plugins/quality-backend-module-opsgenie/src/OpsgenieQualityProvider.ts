import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Severity } from '@quality-pulse/plugin-quality-common';
import {
  entitiesByAnnotation,
  NormalisedIncident,
  QualityProvider,
  QualityProviderSyncContext,
  RequestBudget,
  runIncrementalSync,
  severityOf,
  vendorCaller,
} from '@quality-pulse/plugin-quality-node';
import { OpsgenieClient, opsgenieIncidentSchema } from './OpsgenieClient';

/** The Opsgenie plugin's annotation: a query that selects the component's incidents. */
export const OPSGENIE_COMPONENT_SELECTOR_ANNOTATION =
  'opsgenie.com/component-selector';

const RESOLVED = new Set(['resolved', 'closed']);

export interface OpsgenieQualityProviderOptions {
  id: string;
  baseUrl: string;
  apiKey: string;
  severity: Record<string, Severity>;
  backfillDays: number;
  requestBudget: number;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  now?: () => Date;
}

function time(
  value: string | null | undefined,
  what: string,
): Date | undefined {
  if (!value) return undefined;
  const parsed = Date.parse(value);
  if (!Number.isFinite(parsed))
    throw new Error(`${what} is not a date: ${JSON.stringify(value)}`);
  return new Date(parsed);
}

/**
 * Opsgenie incidents, one scope per `opsgenie.com/component-selector` query
 * (the same annotation the Opsgenie plugin uses), narrowed to incidents
 * updated since the last run. Impact start and end are the incident's times;
 * Opsgenie's incident list carries no acknowledgement.
 */
export class OpsgenieQualityProvider implements QualityProvider {
  readonly id: string;
  readonly reads = ['incidents'] as const;
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;

  constructor(private readonly options: OpsgenieQualityProviderOptions) {
    this.id = options.id;
    this.schedule = options.schedule;
  }

  async sync(context: QualityProviderSyncContext): Promise<void> {
    const selectors = entitiesByAnnotation(
      context.entities,
      OPSGENIE_COMPONENT_SELECTOR_ANNOTATION,
    );
    const client = new OpsgenieClient({
      baseUrl: this.options.baseUrl,
      apiKey: this.options.apiKey,
      call: vendorCaller({
        budget: new RequestBudget(this.options.requestBudget),
        signal: context.signal,
        logger: context.logger,
      }),
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
            reconcileIntervalHours: Number.POSITIVE_INFINITY,
            listAllIds: async () => [],
            removeMissing: async () => 0,
            now: this.options.now,
            signal: context.signal,
            fetchPage: async (since, token) => {
              const offset = Number(token ?? 0);
              const page = await client.incidents(
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
            storePage: async rawIncidents => {
              const incidents: NormalisedIncident[] = [];
              for (const raw of rawIncidents) {
                const parsed = opsgenieIncidentSchema.safeParse(raw);
                if (!parsed.success) {
                  const issue = parsed.error.issues[0];
                  scoped.skip(
                    'incidents',
                    String((raw as any)?.id ?? '(no id)'),
                    `${issue.path.join('.')}: ${issue.message}`,
                  );
                  continue;
                }
                const incident = parsed.data;
                try {
                  incidents.push({
                    externalId: incident.id,
                    entityRef,
                    title: `#${incident.tinyId ?? incident.id} ${
                      incident.message
                    }`,
                    url: incident.links?.web ?? undefined,
                    severity: severityOf(
                      [incident.priority],
                      this.options.severity,
                    ),
                    startedAt:
                      time(incident.impactStartDate, 'impactStartDate') ??
                      time(incident.createdAt, 'createdAt')!,
                    resolvedAt: RESOLVED.has(incident.status)
                      ? time(incident.impactEndDate, 'impactEndDate') ??
                        time(incident.updatedAt, 'updatedAt')
                      : undefined,
                  });
                } catch (error) {
                  scoped.skip(
                    'incidents',
                    incident.tinyId ?? incident.id,
                    (error as Error).message,
                  );
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
