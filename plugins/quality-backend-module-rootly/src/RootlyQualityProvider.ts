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
  RootlyPostmortem,
  rootlyPostmortemSchema,
} from './RootlyClient';

/** @public */
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
  return (incident.attributes.services ?? [])
    .flatMap(({ data }) => [
      data.id,
      data.attributes?.slug ?? '',
      data.attributes?.name ?? '',
    ])
    .filter(Boolean);
}

/** An incident of a page, with the retrospectives the page included. */
interface PagedIncident {
  raw: unknown;
  included: Map<string, RootlyPostmortem>;
}

/** The retrospectives of a page's `included`, by id. */
function postmortemsOf(included: unknown[]): Map<string, RootlyPostmortem> {
  const byId = new Map<string, RootlyPostmortem>();
  for (const raw of included) {
    const parsed = rootlyPostmortemSchema.safeParse(raw);
    if (parsed.success) byId.set(parsed.data.id, parsed.data);
  }
  return byId;
}

/** The incident's retrospective: named by the incident's relationship, or naming the incident. */
function postmortemOf(
  incident: RootlyIncident,
  postmortems: Map<string, RootlyPostmortem>,
): RootlyPostmortem | undefined {
  const id = incident.relationships?.incident_post_mortem?.data?.id;
  if (id) return postmortems.get(id);
  return [...postmortems.values()].find(
    p => p.relationships?.incident?.data?.id === incident.id,
  );
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

    await context.runScope(
      'incidents',
      (cursor, scoped) =>
        runIncrementalSync<PagedIncident>({
          order: 'stable',
          backfillHorizonDays: this.options.backfillDays,
          now: this.options.now,
          signal: context.signal,
          cursor,
          checkpoint: scoped.checkpoint,
          fetchPage: async (since, token) => {
            const page = await client.incidents(since, token);
            const included = postmortemsOf(page.included);
            return {
              items: page.data.map(raw => ({ raw, included })),
              nextPageToken: page.after,
            };
          },
          updatedAt: ({ raw }) =>
            new Date(
              Date.parse((raw as any)?.attributes?.updated_at ?? '') || 0,
            ),
          storePage: async rawIncidents => {
            const items: NormalisedIncident[] = [];
            const postmortems: NormalisedPostmortem[] = [];
            for (const { raw, included } of rawIncidents) {
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
                items.push(...this.toIncidents(incident, refs));
                const postmortem = postmortemOf(incident, included);
                if (postmortem?.attributes.status === 'published') {
                  postmortems.push(
                    ...toPostmortems(postmortem, incident, refs),
                  );
                }
              } catch (error) {
                scoped.skip('incidents', incident.id, (error as Error).message);
              }
            }
            await scoped.sink.upsertIncidents(items);
            await scoped.sink.upsertPostmortems(postmortems);
          },
        }),
      { entityRefs: allRefs },
    );
  }

  private toIncidents(
    incident: RootlyIncident,
    refs: string[],
  ): NormalisedIncident[] {
    const a = incident.attributes;
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
    const resolvedAt = ['resolved', 'closed'].includes(a.status ?? '')
      ? vendorDate(a.resolved_at, 'resolved_at') ??
        vendorDate(a.updated_at, 'updated_at')
      : undefined;
    const acknowledgedAt = vendorDate(a.acknowledged_at, 'acknowledged_at');
    return refs.map(entityRef => ({
      externalId: `${incident.id}:${entityRef}`,
      incidentKey: incident.id,
      entityRef,
      title: `#${a.sequential_id ?? incident.id} ${a.title}`,
      url: a.url ?? undefined,
      severity,
      startedAt,
      acknowledgedAt,
      resolvedAt,
    }));
  }
}

/**
 * A published retrospective, per service of its incident. It has no
 * publication time of its own: its last update once published stands in.
 * Without a `url` it is read on the incident's page, where Rootly shows it.
 */
function toPostmortems(
  postmortem: RootlyPostmortem,
  incident: RootlyIncident,
  refs: string[],
): NormalisedPostmortem[] {
  const url = postmortem.attributes.url ?? incident.attributes.url;
  if (!url) return [];
  return refs.map(entityRef => ({
    externalId: `${postmortem.id}:${entityRef}`,
    entityRef,
    title: postmortem.attributes.title,
    url,
    publishedAt: vendorDate(postmortem.attributes.updated_at, 'updated_at'),
    content: postmortem.attributes.content ?? undefined,
    subjects: [{ kind: 'incident', externalId: `${incident.id}:${entityRef}` }],
  }));
}
