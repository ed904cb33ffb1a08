import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Severity } from '@quality-pulse/plugin-quality-common';
import {
  entitiesByAnnotation,
  NormalisedIncident,
  NormalisedPostmortem,
  QualityProvider,
  QualityProviderSyncContext,
  RequestBudget,
  runIncrementalSync,
  vendorCaller,
  parseVendorItem,
} from '@quality-pulse/plugin-quality-node';
import {
  FireHydrantClient,
  FireHydrantIncident,
  fireHydrantIncidentSchema,
} from './FireHydrantClient';
import { isResolved, toIncidents, toPostmortems } from './incidentToItems';

/** @public */
export const FIREHYDRANT_SERVICE_NAME_ANNOTATION =
  'firehydrant.com/service-name';

export interface FireHydrantQualityProviderOptions {
  id: string;
  baseUrl: string;
  token: string;
  severity: Record<string, Severity>;
  backfillDays: number;
  requestBudget: number;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  now?: () => Date;
}

/**
 * FireHydrant incidents of the services named by
 * `firehydrant.com/service-name`, timed by the milestones of their lifecycle
 * phases (started, acknowledged, resolved), with their retrospectives as
 * post-mortems.
 */
export class FireHydrantQualityProvider implements QualityProvider {
  readonly id: string;
  readonly reads = ['incidents', 'postmortems'] as const;
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;

  constructor(private readonly options: FireHydrantQualityProviderOptions) {
    this.id = options.id;
    this.schedule = options.schedule;
  }

  async sync(context: QualityProviderSyncContext): Promise<void> {
    const services = entitiesByAnnotation(
      context.entities,
      FIREHYDRANT_SERVICE_NAME_ANNOTATION,
      name => name.toLowerCase(),
    );
    if (services.size === 0) return;
    const client = new FireHydrantClient({
      baseUrl: this.options.baseUrl,
      token: this.options.token,
      call: vendorCaller({
        budget: new RequestBudget(this.options.requestBudget),
        signal: context.signal,
        logger: context.logger,
      }),
    });
    const entityRefsOf = (incident: FireHydrantIncident) => [
      ...new Set(
        (incident.services ?? [])
          .flatMap(s => [s.name ?? '', s.slug ?? ''])
          .filter(Boolean)
          .map(name => services.get(name.toLowerCase())?.[0])
          .filter(Boolean)
          .map(entity => stringifyEntityRef(entity!)),
      ),
    ];

    await context.runScope(
      'incidents',
      (cursor, scoped) =>
        runIncrementalSync<unknown>({
          cursor,
          checkpoint: scoped.checkpoint,
          order: 'stable',
          backfillHorizonDays: this.options.backfillDays,
          now: this.options.now,
          signal: context.signal,
          fetchPage: async (since, token) => {
            const page = await client.incidents(since, Number(token ?? 1));
            return {
              items: page.data,
              nextPageToken: page.next ? String(page.next) : undefined,
            };
          },
          updatedAt: () => new Date(0),
          storePage: async rawIncidents => {
            const incidents: NormalisedIncident[] = [];
            const postmortems: NormalisedPostmortem[] = [];
            for (const raw of rawIncidents) {
              const parsed = parseVendorItem(fireHydrantIncidentSchema, raw);
              if (!parsed.ok) {
                scoped.skip('incidents', parsed.id, parsed.reason);
                continue;
              }
              const incident = parsed.data;
              try {
                const refs = entityRefsOf(incident);
                if (refs.length === 0) continue;
                incidents.push(
                  ...toIncidents(incident, refs, this.options.severity),
                );
                if (!isResolved(incident)) continue;
                for (const retrospective of await client.retrospectives(
                  incident.id,
                )) {
                  postmortems.push(
                    ...toPostmortems(incident, retrospective, refs),
                  );
                }
              } catch (error) {
                if ((error as { status?: number }).status !== undefined)
                  throw error;
                scoped.skip('incidents', incident.id, (error as Error).message);
              }
            }
            await scoped.sink.upsertIncidents(incidents);
            await scoped.sink.upsertPostmortems(postmortems);
          },
        }),
      {
        entityRefs: [...services.values()]
          .flat()
          .map(entity => stringifyEntityRef(entity)),
      },
    );
  }
}
