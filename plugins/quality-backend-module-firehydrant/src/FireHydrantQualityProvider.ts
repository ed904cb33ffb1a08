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

export interface FireHydrantQualityProviderOptions
  extends QualitySourceSettings {
  baseUrl: string;
  token: string;
  severity: Record<string, Severity>;
}

/** The catalog's FireHydrant services, by lower-cased name or slug. */
type ServiceEntities = Map<string, Entity[]>;

/**
 * FireHydrant incidents of the services named by
 * `firehydrant.com/service-name`, timed by the milestones of their lifecycle
 * phases (started, acknowledged, resolved), with their retrospectives as
 * post-mortems. One scope: the account's incidents, by creation.
 */
export class FireHydrantQualityProvider extends ConfiguredQualitySource<
  FireHydrantClient,
  ServiceEntities
> {
  readonly reads = ['incidents', 'postmortems'] as const;

  constructor(private readonly options: FireHydrantQualityProviderOptions) {
    super(options, { order: 'stable' });
  }

  client({ call }: QualitySourceRun) {
    return new FireHydrantClient({ ...this.options, call });
  }

  scopes(entities: Entity[]): QualitySourceScope<ServiceEntities>[] {
    return accountScope(
      'incidents',
      entitiesByAnnotation(
        entities,
        FIREHYDRANT_SERVICE_NAME_ANNOTATION,
        name => name.toLowerCase(),
      ),
    );
  }

  async fetchPage(
    client: FireHydrantClient,
    _services: ServiceEntities,
    since: Date,
    pageToken: string | undefined,
  ) {
    const page = await client.incidents(since, Number(pageToken ?? 1));
    return {
      items: page.data,
      nextPageToken: page.next ? String(page.next) : undefined,
    };
  }

  /** Stable order: the engine reads from the run's start, not from an item's update. */
  updatedAt() {
    return new Date(0);
  }

  async map(
    client: FireHydrantClient,
    { target: services }: QualitySourceScope<ServiceEntities>,
    rawIncidents: unknown[],
  ): Promise<MappedPage> {
    const incidents: NormalisedIncident[] = [];
    const postmortems: NormalisedPostmortem[] = [];
    const skipped = await mapEachItem(
      rawIncidents,
      { kind: 'incidents', schema: fireHydrantIncidentSchema, idOf: i => i.id },
      async incident => {
        const refs = entityRefsOf(incident, services);
        if (refs.length === 0) return;
        incidents.push(...toIncidents(incident, refs, this.options.severity));
        if (!isResolved(incident)) return;
        for (const retrospective of await client.retrospectives(incident.id)) {
          postmortems.push(...toPostmortems(incident, retrospective, refs));
        }
      },
    );
    return { incidents, postmortems, skipped };
  }
}

/** The catalog entities an incident's services name, first entity per service. */
function entityRefsOf(
  incident: FireHydrantIncident,
  services: ServiceEntities,
): string[] {
  return [
    ...new Set(
      (incident.services ?? [])
        .flatMap(s => [s.name ?? '', s.slug ?? ''])
        .filter(Boolean)
        .map(name => services.get(name.toLowerCase())?.[0])
        .filter(Boolean)
        .map(entity => stringifyEntityRef(entity!)),
    ),
  ];
}
