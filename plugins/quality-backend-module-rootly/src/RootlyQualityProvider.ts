import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Severity } from '@quality-pulse/plugin-quality-common';
import {
  accountScope,
  ConfiguredQualitySource,
  entitiesByAnnotation,
  mapEachItem,
  MappedPage,
  NormalisedIncident,
  NormalisedPostmortem,
  QualitySourceRun,
  QualitySourceScope,
  QualitySourceSettings,
  severityOf,
  vendorDate,
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

export interface RootlyQualityProviderOptions extends QualitySourceSettings {
  baseUrl: string;
  apiKey: string;
  /** Severity name (SEV0…) or level (critical, high, medium, low) → severity. */
  severity: Record<string, Severity>;
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

/** The catalog's Rootly services, by id, slug or name. */
type ServiceEntities = Map<string, Entity[]>;

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
export class RootlyQualityProvider extends ConfiguredQualitySource<
  RootlyClient,
  ServiceEntities,
  PagedIncident
> {
  readonly reads = ['incidents', 'postmortems'] as const;

  constructor(private readonly options: RootlyQualityProviderOptions) {
    super(options, { order: 'stable' });
  }

  client({ call }: QualitySourceRun) {
    return new RootlyClient({ ...this.options, call });
  }

  scopes(entities: Entity[]): QualitySourceScope<ServiceEntities>[] {
    return accountScope(
      'incidents',
      entitiesByAnnotation(entities, ROOTLY_SERVICE_ID_ANNOTATION),
    );
  }

  async fetchPage(
    client: RootlyClient,
    _services: ServiceEntities,
    since: Date,
    pageToken: string | undefined,
  ) {
    const page = await client.incidents(since, pageToken);
    const included = postmortemsOf(page.included);
    return {
      items: page.data.map(raw => ({ raw, included })),
      nextPageToken: page.after,
    };
  }

  updatedAt({ raw }: PagedIncident) {
    const updated = (raw as { attributes?: { updated_at?: string } } | null)
      ?.attributes?.updated_at;
    return new Date(Date.parse(updated ?? '') || 0);
  }

  async map(
    _client: RootlyClient,
    { target: services }: QualitySourceScope<ServiceEntities>,
    page: PagedIncident[],
  ): Promise<MappedPage> {
    const incidents: NormalisedIncident[] = [];
    const postmortems: NormalisedPostmortem[] = [];
    // The post-mortems came with the pages (JSON:API `included`), by id.
    const included = new Map(page.flatMap(entry => [...entry.included]));
    const skipped = await mapEachItem(
      page.map(({ raw }) => raw),
      { kind: 'incidents', schema: rootlyIncidentSchema, idOf: i => i.id },
      incident => {
        const a = incident.attributes;
        if (IGNORED_KINDS.has(a.kind ?? '') || a.status === 'cancelled') return;
        const refs = serviceIdsOf(incident)
          .map(id => services.get(id)?.[0])
          .filter(Boolean)
          .map(entity => stringifyEntityRef(entity!));
        incidents.push(...this.toIncidents(incident, refs));
        const postmortem = postmortemOf(incident, included);
        if (postmortem?.attributes.status === 'published') {
          postmortems.push(...toPostmortems(postmortem, incident, refs));
        }
      },
    );
    return { incidents, postmortems, skipped };
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
