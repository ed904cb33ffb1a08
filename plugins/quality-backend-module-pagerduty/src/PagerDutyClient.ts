import {
  VendorCaller,
  VendorJsonApi,
} from '@quality-pulse/plugin-quality-node';
import { z } from 'zod';

/**
 * The parts of PagerDuty's incident object the module reads (REST API v2,
 * `#/components/schemas/Incident`); everything else passes through unread.
 */
const incidentSchema = z.looseObject({
  id: z.string(),
  incident_number: z.number().nullish(),
  title: z.string().nullish(),
  html_url: z.string().nullish(),
  status: z.string().nullish(),
  urgency: z.string().nullish(),
  created_at: z.string().nullish(),
  resolved_at: z.string().nullish(),
  last_status_change_at: z.string().nullish(),
  priority: z
    .looseObject({ summary: z.string().nullish(), name: z.string().nullish() })
    .nullish(),
  service: z.looseObject({ id: z.string().nullish() }).nullish(),
  acknowledgements: z
    .array(z.looseObject({ at: z.string().nullish() }))
    .nullish(),
});
export type PagerDutyIncident = z.infer<typeof incidentSchema>;

const logEntrySchema = z.looseObject({
  type: z.string().nullish(),
  created_at: z.string().nullish(),
});
export type PagerDutyLogEntry = z.infer<typeof logEntrySchema>;

const noteSchema = z.looseObject({
  content: z.string().nullish(),
  created_at: z.string().nullish(),
});
export type PagerDutyNote = z.infer<typeof noteSchema>;

/** Classic pagination (`limit`, `offset`, `more`); items are checked one by one by the provider. */
const incidentPage = z.looseObject({
  incidents: z.array(z.unknown()),
  more: z.boolean().nullish(),
});
const logPage = z.looseObject({
  log_entries: z.array(logEntrySchema),
  more: z.boolean().nullish(),
});

/** The largest page PagerDuty serves. */
export const PAGE_SIZE = 100;
/**
 * PagerDuty's classic pagination refuses `offset + limit` above 10,000
 * ("Offset must be less than 10000"): a longer listing has to be cut into
 * windows (the provider moves the window's start instead).
 */
export const MAX_OFFSET_PLUS_LIMIT = 10_000;

/**
 * PagerDuty's REST API v2 (https://developer.pagerduty.com/api-reference/),
 * through `fetch` and the run's shared retry, which honours the documented
 * `ratelimit-reset` on a 429. Not `@pagerduty/pdjs`: it retries a 429 three
 * times after a fixed second, whatever `ratelimit-reset` says, on top of any
 * retry of ours, and sends a Content-Type the published description does not
 * allow. Requests carry the documented headers: `Accept:
 * application/vnd.pagerduty+json;version=2`, `Authorization: Token token=…`
 * and `Content-Type: application/json`.
 */
export class PagerDutyClient {
  private readonly api: VendorJsonApi;

  constructor(options: { baseUrl: string; token: string; call: VendorCaller }) {
    this.api = new VendorJsonApi(options, {
      accept: 'application/vnd.pagerduty+json;version=2',
      authorization: `Token token=${options.token}`,
      'content-type': 'application/json',
    });
  }

  /** Every page of a classic listing (`more`), up to PagerDuty's offset bound. */
  private async everyPage<P extends { more?: boolean | null }, T>(
    what: string,
    path: string,
    query: Array<[string, string]>,
    schema: z.ZodType<P>,
    itemsOf: (page: P) => T[],
  ): Promise<T[]> {
    const all: T[] = [];
    for (let offset = 0; offset < MAX_OFFSET_PLUS_LIMIT; offset += PAGE_SIZE) {
      const page = await this.api.get(
        what,
        path,
        [...query, ['limit', String(PAGE_SIZE)], ['offset', String(offset)]],
        schema,
      );
      all.push(...itemsOf(page));
      if (!page.more) break;
    }
    return all;
  }

  /**
   * One page of the incidents of a service created in [since, until), oldest
   * first. `limit` shrinks so that `offset + limit` stays within PagerDuty's
   * bound; `atOffsetBound` says the window cannot be read further by offset.
   */
  async incidentsCreated(
    serviceId: string,
    since: Date,
    until: Date,
    offset: number,
  ) {
    const limit = Math.min(PAGE_SIZE, MAX_OFFSET_PLUS_LIMIT - offset);
    const body = await this.api.get(
      `PagerDuty incidents of service ${serviceId}`,
      '/incidents',
      [
        ['service_ids[]', serviceId],
        ['since', since.toISOString()],
        ['until', until.toISOString()],
        ['sort_by', 'created_at:asc'],
        ['time_zone', 'UTC'],
        ['limit', String(limit)],
        ['offset', String(offset)],
        ['total', 'false'],
      ],
      incidentPage,
    );
    return {
      incidents: body.incidents,
      more: !!body.more,
      atOffsetBound: offset + limit >= MAX_OFFSET_PLUS_LIMIT,
    };
  }

  /**
   * The incidents of the service not yet resolved, up to PagerDuty's offset
   * bound. Past it (over 10,000 open) the rest are missing here, which costs
   * only requests: the provider then asks about each incident it stored open.
   */
  async openIncidents(serviceId: string): Promise<unknown[]> {
    return this.everyPage(
      `PagerDuty open incidents of service ${serviceId}`,
      '/incidents',
      [
        ['service_ids[]', serviceId],
        ['statuses[]', 'triggered'],
        ['statuses[]', 'acknowledged'],
        ['date_range', 'all'],
        ['time_zone', 'UTC'],
      ],
      incidentPage,
      page => page.incidents,
    );
  }

  async incident(id: string): Promise<unknown> {
    const body = await this.api.get(
      `PagerDuty incident ${id}`,
      `/incidents/${encodeURIComponent(id)}`,
      [],
      z.looseObject({ incident: z.unknown() }),
    );
    return body.incident;
  }

  /** The incident's overview log — triggers, acknowledgements, resolution — every page of it. */
  async logEntries(id: string): Promise<PagerDutyLogEntry[]> {
    return this.everyPage(
      `PagerDuty log of incident ${id}`,
      `/incidents/${encodeURIComponent(id)}/log_entries`,
      [
        ['is_overview', 'true'],
        ['time_zone', 'UTC'],
      ],
      logPage,
      page => page.log_entries,
    );
  }

  async notes(id: string): Promise<PagerDutyNote[]> {
    const body = await this.api.get(
      `PagerDuty notes of incident ${id}`,
      `/incidents/${encodeURIComponent(id)}/notes`,
      [],
      z.looseObject({ notes: z.array(noteSchema) }),
    );
    return body.notes;
  }
}

/** An incident of a page checked against the fields the module reads. */
export function parseIncident(raw: unknown) {
  return incidentSchema.safeParse(raw);
}
