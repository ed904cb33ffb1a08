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
  severityOf,
  vendorCaller,
  vendorDate,
  parseVendorItem,
} from '@quality-pulse/plugin-quality-node';
import {
  RootlyClient,
  RootlyIncident,
  rootlyIncidentSchema,
  rootlyPostmortemSchema,
} from './RootlyClient';

export const ROOTLY_SERVICE_ID_ANNOTATION = 'rootly.com/service-id';

/** Rootly incident kinds that are not real incidents. */
const IGNORED_KINDS = new Set(['test', 'test_sub', 'example', 'example_sub']);

export interface RootlyQualityProviderOptions {
  id: string;
  baseUrl: string;
  apiKey: string;
  /** Severity name (SEV0…) or level (critical, high, medium, low) → severity. */
  severity: Record<string, Severity>;
  backfillDays: number;
  requestBudget: number;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  now?: () => Date;
}

function serviceIdsOf(incident: RootlyIncident): string[] {
  const services = incident.attributes.services;
  if (!services) return [];
  const list = Array.isArray(services)
    ? services
    : services.data.map(s => ({
        id: s.id,
        name: s.attributes?.name,
        slug: s.attributes?.slug,
      }));
  return list.flatMap(s => [s.id, s.slug ?? '', s.name ?? '']).filter(Boolean);
}

/**
 * Rootly incidents of the services named by `rootly.com/service-id` (the
 * service's id or slug), and their published post-mortems. Rootly records
 * each time itself: started, acknowledged, resolved (mitigated when an
 * incident was mitigated but not yet marked resolved does not count).
 */
export class RootlyQualityProvider implements QualityProvider {
  readonly id: string;
  readonly reads = ['incidents', 'postmortems'] as const;
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;

  constructor(private readonly options: RootlyQualityProviderOptions) {
    this.id = options.id;
    this.schedule = options.schedule;
  }

  async sync(context: QualityProviderSyncContext): Promise<void> {
    const services = entitiesByAnnotation(
      context.entities,
      ROOTLY_SERVICE_ID_ANNOTATION,
    );
    if (services.size === 0) return;
    const entityOf = (incident: RootlyIncident) =>
      serviceIdsOf(incident)
        .map(id => services.get(id)?.[0])
        .filter(Boolean)
        .map(entity => stringifyEntityRef(entity!));
    const client = new RootlyClient({
      baseUrl: this.options.baseUrl,
      apiKey: this.options.apiKey,
      call: vendorCaller({
        budget: new RequestBudget(this.options.requestBudget),
        signal: context.signal,
        logger: context.logger,
      }),
    });
    const allRefs = [...services.values()]
      .flat()
      .map(entity => stringifyEntityRef(entity));
    // Post-mortems name their incident; remember which entities each incident fed.
    const incidentEntities = new Map<string, string[]>();

    const shared = {
      order: 'stable' as const,
      backfillHorizonDays: this.options.backfillDays,
      now: this.options.now,
      signal: context.signal,
    };
    await context.runScope(
      'incidents',
      (cursor, scoped) =>
        runIncrementalSync<unknown>({
          ...shared,
          cursor,
          checkpoint: scoped.checkpoint,
          fetchPage: async (since, token) => {
            const page = await client.incidents(since, Number(token ?? 1));
            return {
              items: page.data,
              nextPageToken: page.nextPage ? String(page.nextPage) : undefined,
            };
          },
          updatedAt: raw =>
            new Date(
              Date.parse((raw as any)?.attributes?.updated_at ?? '') || 0,
            ),
          storePage: async rawIncidents => {
            const items: NormalisedIncident[] = [];
            for (const raw of rawIncidents) {
              const parsed = parseVendorItem(rootlyIncidentSchema, raw);
              if (!parsed.ok) {
                scoped.skip('incidents', parsed.id, parsed.reason);
                continue;
              }
              const incident = parsed.data;
              const a = incident.attributes;
              if (IGNORED_KINDS.has(a.kind ?? '') || a.status === 'cancelled')
                continue;
              try {
                const refs = entityOf(incident);
                incidentEntities.set(incident.id, refs);
                const severity = severityOf(
                  [
                    a.severity?.data?.attributes.name,
                    a.severity?.data?.attributes.severity,
                  ],
                  this.options.severity,
                );
                const startedAt =
                  vendorDate(a.started_at, 'started_at') ??
                  vendorDate(a.created_at, 'created_at')!;
                const resolvedAt = ['resolved', 'closed'].includes(a.status)
                  ? vendorDate(a.resolved_at, 'resolved_at') ??
                    vendorDate(a.updated_at, 'updated_at')
                  : undefined;
                const acknowledgedAt = vendorDate(
                  a.acknowledged_at,
                  'acknowledged_at',
                );
                for (const entityRef of refs) {
                  items.push({
                    externalId: `${incident.id}:${entityRef}`,
                    incidentKey: incident.id,
                    entityRef,
                    title: `#${a.sequential_id ?? incident.id} ${a.title}`,
                    url: a.url ?? undefined,
                    severity,
                    startedAt,
                    acknowledgedAt,
                    resolvedAt,
                  });
                }
              } catch (error) {
                scoped.skip('incidents', incident.id, (error as Error).message);
              }
            }
            await scoped.sink.upsertIncidents(items);
          },
        }),
      { entityRefs: allRefs },
    );

    await context.runScope(
      'post-mortems',
      (cursor, scoped) =>
        runIncrementalSync<unknown>({
          ...shared,
          cursor,
          checkpoint: scoped.checkpoint,
          fetchPage: async (since, token) => {
            const page = await client.postmortems(since, Number(token ?? 1));
            return {
              items: page.data,
              nextPageToken: page.nextPage ? String(page.nextPage) : undefined,
            };
          },
          updatedAt: () => new Date(0),
          storePage: async rawPostmortems => {
            const items: NormalisedPostmortem[] = [];
            for (const raw of rawPostmortems) {
              const parsed = parseVendorItem(rootlyPostmortemSchema, raw);
              if (!parsed.ok) {
                scoped.skip('postmortems', parsed.id, parsed.reason);
                continue;
              }
              const { id, attributes } = parsed.data;
              if (attributes.status !== 'published') continue;
              if (!incidentEntities.has(attributes.incident_id)) {
                const incident = rootlyIncidentSchema.safeParse(
                  await client.incident(attributes.incident_id),
                );
                incidentEntities.set(
                  attributes.incident_id,
                  incident.success ? entityOf(incident.data) : [],
                );
              }
              for (const entityRef of incidentEntities.get(
                attributes.incident_id,
              )!) {
                items.push({
                  externalId: `${id}:${entityRef}`,
                  entityRef,
                  title: attributes.title,
                  url: attributes.url,
                  publishedAt: vendorDate(
                    attributes.published_at,
                    'published_at',
                  ),
                  subjects: [
                    {
                      kind: 'incident',
                      externalId: `${attributes.incident_id}:${entityRef}`,
                    },
                  ],
                });
              }
            }
            await scoped.sink.upsertPostmortems(items);
          },
        }),
      { entityRefs: allRefs },
    );
  }
}
