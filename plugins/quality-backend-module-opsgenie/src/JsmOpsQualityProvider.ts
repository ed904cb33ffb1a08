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
import { JsmOpsClient, jsmAlertSchema } from './JsmOpsClient';
import { OPSGENIE_COMPONENT_SELECTOR_ANNOTATION } from './OpsgenieQualityProvider';

export interface JsmOpsQualityProviderOptions {
  id: string;
  baseUrl: string;
  cloudId: string;
  email: string;
  apiToken: string;
  severity: Record<string, Severity>;
  backfillDays: number;
  requestBudget: number;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  now?: () => Date;
}

/**
 * What teams moving off Opsgenie page on in Jira Service Management: its
 * operations alerts, selected by the same `opsgenie.com/component-selector`
 * query, so the annotation stays when a team migrates. An alert is an
 * incident from creation, acknowledged and closed at the times its report
 * gives.
 */
export class JsmOpsQualityProvider implements QualityProvider {
  readonly id: string;
  readonly reads = ['incidents'] as const;
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;

  constructor(private readonly options: JsmOpsQualityProviderOptions) {
    this.id = options.id;
    this.schedule = options.schedule;
  }

  async sync(context: QualityProviderSyncContext): Promise<void> {
    const selectors = entitiesByAnnotation(
      context.entities,
      OPSGENIE_COMPONENT_SELECTOR_ANNOTATION,
    );
    const client = new JsmOpsClient({
      ...this.options,
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
              const page = await client.alerts(
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
            storePage: async rawAlerts => {
              const incidents: NormalisedIncident[] = [];
              for (const raw of rawAlerts) {
                const parsed = jsmAlertSchema.safeParse(raw);
                if (!parsed.success) {
                  const issue = parsed.error.issues[0];
                  scoped.skip(
                    'incidents',
                    String((raw as any)?.id ?? '(no id)'),
                    `${issue.path.join('.')}: ${issue.message}`,
                  );
                  continue;
                }
                const alert = parsed.data;
                const created = Date.parse(alert.createdAt);
                if (!Number.isFinite(created)) {
                  scoped.skip(
                    'incidents',
                    alert.tinyId ?? alert.id,
                    `createdAt is not a date: ${JSON.stringify(
                      alert.createdAt,
                    )}`,
                  );
                  continue;
                }
                const ack = alert.report?.ackTime;
                const close = alert.report?.closeTime;
                incidents.push({
                  externalId: alert.id,
                  entityRef,
                  title: `#${alert.tinyId ?? alert.id} ${alert.message}`,
                  severity: severityOf([alert.priority], this.options.severity),
                  startedAt: new Date(created),
                  acknowledgedAt:
                    typeof ack === 'number'
                      ? new Date(created + ack)
                      : undefined,
                  resolvedAt:
                    alert.status === 'closed'
                      ? new Date(
                          typeof close === 'number'
                            ? created + close
                            : Date.parse(alert.updatedAt),
                        )
                      : undefined,
                });
              }
              await scoped.sink.upsertIncidents(incidents);
            },
          }),
        { entityRefs: entities.map(entity => stringifyEntityRef(entity)) },
      );
    }
  }
}
