import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  NormalisedIncident,
  NormalisedPostmortem,
  QualityProvider,
  QualityProviderSyncContext,
  QualityWebhook,
  RequestBudget,
  runIncrementalSync,
  vendorCaller,
  verifyStandardWebhook,
  parseVendorItem,
} from '@quality-pulse/plugin-quality-node';
import { IncidentIoClient, incidentSchema } from './IncidentIoClient';
import {
  affectedServiceNames,
  IncidentIoMapping,
  isIgnored,
  toItems,
} from './incidentToItems';

export interface IncidentIoQualityProviderOptions {
  id: string;
  baseUrl: string;
  apiKey: string;
  mapping: IncidentIoMapping;
  backfillDays: number;
  reconcileHours: number;
  requestBudget: number;
  /** The webhook endpoint's signing secret (`whsec_…`); webhooks are refused without it. */
  webhookSecret?: string;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  now?: () => Date;
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

/**
 * incident.io incidents, mapped to components through the custom field named
 * in config (incident.io has no annotation convention; its catalog holds the
 * services). The whole account is one scope.
 */
export class IncidentIoQualityProvider implements QualityProvider {
  readonly id: string;
  readonly reads = ['incidents', 'postmortems'] as const;
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;
  readonly webhook?: QualityWebhook;

  constructor(private readonly options: IncidentIoQualityProviderOptions) {
    this.id = options.id;
    this.schedule = options.schedule;
    const secret = options.webhookSecret;
    if (secret) {
      // incident.io signs webhooks the Standard Webhooks (Svix) way.
      this.webhook = {
        verify: (request, now) => verifyStandardWebhook(request, secret, now),
      };
    }
  }

  async sync(context: QualityProviderSyncContext): Promise<void> {
    const byName = new Map<string, string>();
    for (const entity of context.entities) {
      for (const name of namesOf(entity)) {
        if (!byName.has(name)) byName.set(name, stringifyEntityRef(entity));
      }
    }
    const client = new IncidentIoClient({
      baseUrl: this.options.baseUrl,
      apiKey: this.options.apiKey,
      call: vendorCaller({
        budget: new RequestBudget(this.options.requestBudget),
        signal: context.signal,
        logger: context.logger,
      }),
    });
    const { mapping } = this.options;
    const entityRefsOf = (
      incident: ReturnType<typeof incidentSchema.parse>,
    ) => [
      ...new Set(
        affectedServiceNames(incident, mapping.catalogField)
          .map(name => byName.get(name.toLowerCase()))
          .filter((ref): ref is string => !!ref),
      ),
    ];

    await context.runScope('incidents', (cursor, scoped) =>
      runIncrementalSync<unknown>({
        cursor,
        checkpoint: scoped.checkpoint,
        order: 'stable',
        backfillHorizonDays: this.options.backfillDays,
        reconcileIntervalHours: this.options.reconcileHours,
        now: this.options.now,
        signal: context.signal,
        fetchPage: async (since, after) => {
          const page = await client.incidents(since, after);
          return { items: page.incidents, nextPageToken: page.after };
        },
        updatedAt: raw =>
          new Date(
            Date.parse((raw as { updated_at?: string }).updated_at ?? '') || 0,
          ),
        storePage: async rawIncidents => {
          const incidents: NormalisedIncident[] = [];
          const postmortems: NormalisedPostmortem[] = [];
          for (const raw of rawIncidents) {
            const parsed = parseVendorItem(incidentSchema, raw);
            if (!parsed.ok) {
              scoped.skip('incidents', parsed.id, parsed.reason);
              continue;
            }
            if (isIgnored(parsed.data)) continue;
            try {
              const items = toItems(
                parsed.data,
                entityRefsOf(parsed.data),
                mapping,
              );
              incidents.push(...items.incidents);
              postmortems.push(...items.postmortems);
            } catch (error) {
              scoped.skip(
                'incidents',
                parsed.data.reference,
                (error as Error).message,
              );
            }
          }
          await scoped.sink.upsertIncidents(incidents);
          await scoped.sink.upsertPostmortems(postmortems);
        },
        // Affected services change: the daily listing removes the pairs no longer true.
        listAllIds: async () => {
          const ids: string[] = [];
          let after: string | undefined;
          do {
            const page = await client.incidents(undefined, after, 250);
            for (const raw of page.incidents) {
              const parsed = incidentSchema.safeParse(raw);
              if (parsed.success && !isIgnored(parsed.data)) {
                ids.push(
                  ...entityRefsOf(parsed.data).map(
                    ref => `${parsed.data.id}:${ref}`,
                  ),
                );
              }
            }
            // Ends where a page names no next page, or itself.
            const asked = after;
            after = page.after === asked ? undefined : page.after;
          } while (after);
          return ids;
        },
        removeMissing: ids => scoped.sink.removeMissing('incidents', ids),
      }),
    );
  }
}
