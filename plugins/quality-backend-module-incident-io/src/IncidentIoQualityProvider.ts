import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConfiguredQualitySource,
  mapEachItem,
  MappedPage,
  NormalisedIncident,
  NormalisedPostmortem,
  QualitySourceRun,
  QualitySourceScope,
  QualitySourceSettings,
  verifyStandardWebhook,
} from '@quality-pulse/plugin-quality-node';
import {
  IncidentIoClient,
  IncidentIoIncident,
  incidentSchema,
} from './IncidentIoClient';
import {
  affectedServiceNames,
  IncidentIoMapping,
  isIgnored,
  toItems,
} from './incidentToItems';

export interface IncidentIoQualityProviderOptions
  extends QualitySourceSettings {
  baseUrl: string;
  apiKey: string;
  mapping: IncidentIoMapping;
  reconcileHours: number;
  /** The webhook endpoint's signing secret (`whsec_…`); webhooks are refused without it. */
  webhookSecret?: string;
}

/**
 * The names an entity answers to in the incident.io field: its ref
 * (incident.io's Backstage catalog importer uses it as external id), its
 * name and its title.
 */
function namesOf(entity: Entity): string[] {
  return [
    stringifyEntityRef(entity),
    entity.metadata.name,
    entity.metadata.title ?? '',
  ]
    .filter(Boolean)
    .map(name => name.toLowerCase());
}

/** Entity refs by the lower-cased names the incident.io field may hold. */
type EntityNames = Map<string, string>;

function entityRefsOf(
  incident: IncidentIoIncident,
  byName: EntityNames,
  catalogField: IncidentIoMapping['catalogField'],
): string[] {
  return [
    ...new Set(
      affectedServiceNames(incident, catalogField)
        .map(name => byName.get(name.toLowerCase()))
        .filter((ref): ref is string => !!ref),
    ),
  ];
}

/**
 * incident.io incidents, mapped to components through the custom field named
 * in config (incident.io has no annotation convention; its catalog holds the
 * services). The whole account is one scope.
 */
export class IncidentIoQualityProvider extends ConfiguredQualitySource<
  IncidentIoClient,
  EntityNames
> {
  readonly reads = ['incidents', 'postmortems'] as const;

  constructor(private readonly options: IncidentIoQualityProviderOptions) {
    const secret = options.webhookSecret;
    super(
      options,
      { order: 'stable' },
      // incident.io signs webhooks the Standard Webhooks (Svix) way.
      secret
        ? {
            verify: (request, now) =>
              verifyStandardWebhook(request, secret, now),
          }
        : undefined,
    );
  }

  client({ call }: QualitySourceRun) {
    return new IncidentIoClient({ ...this.options, call });
  }

  scopes(entities: Entity[]): QualitySourceScope<EntityNames>[] {
    const byName: EntityNames = new Map();
    for (const entity of entities) {
      for (const name of namesOf(entity)) {
        if (!byName.has(name)) byName.set(name, stringifyEntityRef(entity));
      }
    }
    return [{ name: 'incidents', target: byName }];
  }

  async fetchPage(
    client: IncidentIoClient,
    _byName: EntityNames,
    since: Date,
    after: string | undefined,
  ) {
    const page = await client.incidents(since, after);
    return { items: page.incidents, nextPageToken: page.after };
  }

  updatedAt(raw: unknown) {
    return new Date(
      Date.parse((raw as { updated_at?: string }).updated_at ?? '') || 0,
    );
  }

  async map(
    _client: IncidentIoClient,
    { target: byName }: QualitySourceScope<EntityNames>,
    rawIncidents: unknown[],
  ): Promise<MappedPage> {
    const { mapping } = this.options;
    const incidents: NormalisedIncident[] = [];
    const postmortems: NormalisedPostmortem[] = [];
    const skipped = await mapEachItem(
      rawIncidents,
      { kind: 'incidents', schema: incidentSchema, idOf: i => i.reference },
      incident => {
        if (isIgnored(incident)) return;
        const items = toItems(
          incident,
          entityRefsOf(incident, byName, mapping.catalogField),
          mapping,
        );
        incidents.push(...items.incidents);
        postmortems.push(...items.postmortems);
      },
    );
    return { incidents, postmortems, skipped };
  }

  // Affected services change: the daily listing removes the pairs no longer true.
  readonly reconcile = {
    kind: 'incidents' as const,
    listAllIds: async (client: IncidentIoClient, byName: EntityNames) => {
      const ids: string[] = [];
      let after: string | undefined;
      do {
        const page = await client.incidents(undefined, after, 250);
        for (const raw of page.incidents) {
          const parsed = incidentSchema.safeParse(raw);
          if (parsed.success && !isIgnored(parsed.data)) {
            ids.push(
              ...entityRefsOf(
                parsed.data,
                byName,
                this.options.mapping.catalogField,
              ).map(ref => `${parsed.data.id}:${ref}`),
            );
          }
        }
        // Ends where a page names no next page, or itself.
        const asked = after;
        after = page.after === asked ? undefined : page.after;
      } while (after);
      return ids;
    },
  };
}
