import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Severity } from '@quality-pulse/plugin-quality-common';
import {
  accountScope,
  entitiesByAnnotation,
  MappedPage,
  skipOf,
  SkippedItem,
  NormalisedIncident,
  NormalisedPostmortem,
  parseVendorItem,
  ConfiguredQualitySource,
  QualitySourceRun,
  QualitySourceScope,
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
    return new FireHydrantClient({
      baseUrl: this.options.baseUrl,
      token: this.options.token,
      call,
    });
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
    const skipped: SkippedItem[] = [];
    for (const raw of rawIncidents) {
      const parsed = parseVendorItem(fireHydrantIncidentSchema, raw);
      if (!parsed.ok) {
        skipped.push(skipOf('incidents', parsed.id, parsed.reason));
        continue;
      }
      const incident = parsed.data;
      try {
        const refs = entityRefsOf(incident, services);
        if (refs.length === 0) continue;
        incidents.push(...toIncidents(incident, refs, this.options.severity));
        if (!isResolved(incident)) continue;
        for (const retrospective of await client.retrospectives(incident.id)) {
          postmortems.push(...toPostmortems(incident, retrospective, refs));
        }
      } catch (error) {
        if ((error as { status?: number }).status !== undefined) throw error;
        skipped.push(skipOf('incidents', incident.id, error));
      }
    }
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
