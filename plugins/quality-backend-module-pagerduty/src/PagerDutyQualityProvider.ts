import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConfiguredCursorSource,
  hmacSha256Hex,
  MappedPage,
  NormalisedIncident,
  NormalisedPostmortem,
  QualitySourceRun,
  QualitySourceScope,
  QualitySourceSettings,
  QualityWebhook,
  scopesByAnnotation,
  signaturesMatch,
  skipOf,
  SkippedItem,
} from '@quality-pulse/plugin-quality-node';
import {
  PagerDutyMapping,
  postmortemFromNotes,
  toIncident,
} from './incidentToItems';
import {
  PagerDutyClient,
  PagerDutyIncident,
  parseIncident,
} from './PagerDutyClient';

/** @public */
export const PAGERDUTY_SERVICE_ID_ANNOTATION = 'pagerduty.com/service-id';

const DAY = 24 * 60 * 60 * 1000;
/** PagerDuty answers at most six months per `since`/`until` query. */
const MAX_RANGE_DAYS = 179;
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface PagerDutyQualityProviderOptions extends QualitySourceSettings {
  baseUrl: string;
  token: string;
  mapping: PagerDutyMapping;
  /** Secret of the v3 webhook subscription; webhooks are refused without it. */
  webhookSecret?: string;
}

/** What a service's cursor remembers between runs. */
interface PagerDutyCursor {
  /** Incidents created before this instant are stored. */
  createdSince?: string;
  /** Incidents stored while still open: asked about again until resolved. */
  openIds?: string[];
  /** An interrupted backfill: the window start and offset it reached. */
  resumeFrom?: string;
  resumeOffset?: number;
  runStartedAt?: string;
}

/** When the latest incident of a page (sorted by creation) was created, in ms. */
function lastCreated(page: unknown[]): number | undefined {
  const created = (page[page.length - 1] as { created_at?: unknown })
    ?.created_at;
  const millis = typeof created === 'string' ? Date.parse(created) : NaN;
  return Number.isFinite(millis) ? millis : undefined;
}

function parseCursor(cursor: string | undefined): PagerDutyCursor {
  try {
    return cursor ? JSON.parse(cursor) : {};
  } catch {
    return {};
  }
}

/**
 * Reads incidents of every PagerDuty service the catalog names with
 * `pagerduty.com/service-id`, one scope per service. PagerDuty filters
 * incidents by creation, not by update, so each run reads the incidents
 * created since the last run and asks again about those it stored while
 * open; a webhook makes that run happen at once.
 */
/** A service to read, and the component it feeds. */
interface PagerDutyService {
  serviceId: string;
  entityRef: string;
}

/**
 * V3 webhooks: X-PagerDuty-Signature lists `v1=<hex HMAC-SHA256 of the body>`
 * (several while a secret rotates); the event id names the delivery.
 */
function pagerDutyWebhook(
  secret: string | undefined,
): QualityWebhook | undefined {
  if (!secret) return undefined;
  return {
    verify({ rawBody, headers }) {
      const expected = Buffer.from(`v1=${hmacSha256Hex(secret, rawBody)}`);
      const given = (headers['x-pagerduty-signature'] ?? '')
        .split(',')
        .map(s => Buffer.from(s.trim()));
      if (!given.some(signature => signaturesMatch(expected, signature))) {
        return { rejected: 'X-PagerDuty-Signature does not match' };
      }
      try {
        const id = JSON.parse(rawBody.toString('utf8'))?.event?.id;
        return typeof id === 'string'
          ? { deliveryId: id }
          : { rejected: 'event.id is missing' };
      } catch {
        return { rejected: 'the body is not JSON' };
      }
    },
  };
}

export class PagerDutyQualityProvider extends ConfiguredCursorSource<
  PagerDutyClient,
  PagerDutyService
> {
  readonly reads = ['incidents', 'postmortems'] as const;

  constructor(private readonly options: PagerDutyQualityProviderOptions) {
    super(options, pagerDutyWebhook(options.webhookSecret));
  }

  client({ call }: QualitySourceRun) {
    return new PagerDutyClient({ ...this.options, call });
  }

  scopes(entities: Entity[]): QualitySourceScope<PagerDutyService>[] {
    return scopesByAnnotation(
      entities,
      { annotation: PAGERDUTY_SERVICE_ID_ANNOTATION },
      (serviceId, [first]) => ({
        name: `service ${serviceId}`,
        // One service feeds one component; the first by ref when several name it.
        target: { serviceId, entityRef: stringifyEntityRef(first) },
      }),
    );
  }

  async *read(
    client: PagerDutyClient,
    { serviceId }: PagerDutyService,
    rawCursor: string | undefined,
  ) {
    const cursor = parseCursor(rawCursor);
    const now = (this.options.now ?? (() => new Date()))();
    const runStartedAt = cursor.runStartedAt ?? now.toISOString();
    // The incidents read this run, for what is asked about again.
    const touched = new Map<string, PagerDutyIncident>();
    const read = (incidents: unknown[]) => {
      for (const value of incidents) {
        const parsed = parseIncident(value);
        if (parsed.success) touched.set(parsed.data.id, parsed.data);
      }
      return incidents;
    };

    // 1. Incidents created since the last run, in windows PagerDuty accepts:
    // at most six months per query, and offset + limit at most 10,000 —
    // past that the window starts again at the last incident read.
    let from = new Date(
      cursor.resumeFrom ??
        (cursor.createdSince
          ? Date.parse(cursor.createdSince) - CLOCK_SKEW_MS
          : now.getTime() - this.options.backfillDays * DAY),
    );
    let offset = cursor.resumeOffset ?? 0;
    while (from.getTime() < now.getTime()) {
      const until = new Date(
        Math.min(now.getTime(), from.getTime() + MAX_RANGE_DAYS * DAY),
      );
      let next = until;
      for (;;) {
        const page = await client.incidentsCreated(
          serviceId,
          from,
          until,
          offset,
        );
        const items = read(page.incidents);
        if (!page.more) {
          yield { items };
          break;
        }
        const last = lastCreated(page.incidents);
        if (page.atOffsetBound) {
          yield { items };
          // Incidents created at that instant are read again: upserts are idempotent.
          if (last && last > from.getTime()) {
            next = new Date(last);
            break;
          }
          throw new Error(
            `PagerDuty incidents of service ${serviceId}: more than 10,000 created at ${from.toISOString()}; they cannot be paged by offset`,
          );
        }
        offset += page.incidents.length;
        yield {
          items,
          resumeFrom: JSON.stringify({
            ...cursor,
            resumeFrom: from.toISOString(),
            resumeOffset: offset,
            runStartedAt,
          }),
        };
      }
      from = next;
      offset = 0;
    }

    // 2. Open incidents now, and those we stored open that were resolved since.
    const open = await client.openIncidents(serviceId);
    const idOf = (incident: unknown) =>
      String((incident as { id?: unknown })?.id);
    yield {
      items: read(open.filter(incident => !touched.has(idOf(incident)))),
    };
    const openIds = new Set(open.map(idOf));
    const settled = (cursor.openIds ?? []).filter(
      id => !openIds.has(id) && !touched.has(id),
    );
    for (const id of settled) {
      yield { items: read([await client.incident(id)]) };
    }

    const stillOpen = [...touched.values()]
      .filter(incident => incident.status !== 'resolved')
      .map(incident => incident.id);
    return JSON.stringify({
      createdSince: runStartedAt,
      openIds: [...new Set(stillOpen)],
    } satisfies PagerDutyCursor);
  }

  async map(
    client: PagerDutyClient,
    { target }: QualitySourceScope<PagerDutyService>,
    page: unknown[],
  ): Promise<MappedPage> {
    const incidents: NormalisedIncident[] = [];
    const postmortems: NormalisedPostmortem[] = [];
    const skipped: SkippedItem[] = [];
    for (const value of page) {
      const parsed = parseIncident(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        skipped.push(
          skipOf(
            'incidents',
            String((value as { id?: unknown })?.id ?? '(no id)'),
            `${issue.path.join('.')}: ${issue.message}`,
          ),
        );
        continue;
      }
      const raw = parsed.data;
      try {
        // The log only when the incident object lacks a time.
        const needsLog =
          raw.status !== 'triggered' &&
          (!raw.acknowledgements?.length ||
            (raw.status === 'resolved' && !raw.resolved_at));
        const log = needsLog ? await client.logEntries(raw.id) : undefined;
        const incident = toIncident(raw, log, {
          entityRef: target.entityRef,
          mapping: this.options.mapping,
        });
        incidents.push(incident);
        if (incident.resolvedAt && ['P0', 'P1'].includes(incident.severity)) {
          const postmortem = postmortemFromNotes(
            incident,
            await client.notes(raw.id),
          );
          if (postmortem) postmortems.push(postmortem);
        }
      } catch (error) {
        if ((error as { status?: number }).status !== undefined) throw error;
        skipped.push(skipOf('incidents', raw.id ?? '(no id)', error));
      }
    }
    return { incidents, postmortems, skipped };
  }
}
