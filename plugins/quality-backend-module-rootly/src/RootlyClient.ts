import {
  VendorCaller,
  VendorJsonApi,
} from '@quality-pulse/plugin-quality-node';
import { z } from 'zod';

/**
 * Rootly's REST API v1 (JSON:API), the part the module reads. No maintained
 * Rootly client is on the registry, so this is a small typed one; each
 * incident is validated on its own.
 */

/** `service_response`: each related service is a JSON:API document of its own. */
const serviceSchema = z.looseObject({
  data: z.looseObject({
    id: z.string(),
    attributes: z
      .looseObject({ name: z.string().nullish(), slug: z.string().nullish() })
      .nullish(),
  }),
});

/** A JSON:API relationship to one resource, as Rootly's Backstage plugin reads it. */
const relationshipSchema = z
  .looseObject({
    data: z.looseObject({ id: z.string(), type: z.string() }).nullish(),
  })
  .nullish();

export const rootlyIncidentSchema = z.looseObject({
  id: z.string(),
  type: z.literal('incidents'),
  attributes: z.looseObject({
    title: z.string(),
    sequential_id: z.number().nullish(),
    url: z.string().nullish(),
    kind: z.string().nullish(),
    status: z.string().nullish(),
    severity: z
      .looseObject({
        data: z
          .looseObject({
            attributes: z.looseObject({
              name: z.string(),
              severity: z.string().nullish(),
            }),
          })
          .nullish(),
      })
      .nullish(),
    services: z.array(serviceSchema).nullish(),
    created_at: z.string(),
    updated_at: z.string(),
    started_at: z.string().nullish(),
    acknowledged_at: z.string().nullish(),
    resolved_at: z.string().nullish(),
  }),
  relationships: z
    .looseObject({ incident_post_mortem: relationshipSchema })
    .nullish(),
});

export type RootlyIncident = z.infer<typeof rootlyIncidentSchema>;

/**
 * `incident_post_mortem` (a retrospective), included with its incident: it
 * names no incident and no publication time, and its `url` is optional.
 */
export const rootlyPostmortemSchema = z.looseObject({
  id: z.string(),
  type: z.literal('incident_post_mortems'),
  attributes: z.looseObject({
    title: z.string(),
    status: z.string().nullish(),
    url: z.string().nullish(),
    content: z.string().nullish(),
    updated_at: z.string(),
  }),
  relationships: z.looseObject({ incident: relationshipSchema }).nullish(),
});

export type RootlyPostmortem = z.infer<typeof rootlyPostmortemSchema>;

const pageSchema = z.looseObject({
  data: z.array(z.unknown()),
  included: z.array(z.unknown()).nullish(),
  meta: z
    .looseObject({
      next_cursor: z.string().nullish(),
      next_page: z.number().nullish(),
    })
    .nullish(),
});

/** Rootly documents no largest page; its examples ask for 10 to 50. */
export const PAGE_SIZE = 50;

export class RootlyClient {
  private readonly api: VendorJsonApi;

  constructor(options: {
    baseUrl: string;
    apiKey: string;
    call: VendorCaller;
  }) {
    this.api = new VendorJsonApi(options, {
      accept: 'application/vnd.api+json',
      authorization: `Bearer ${options.apiKey}`,
    });
  }

  /**
   * Incidents updated since `since`, oldest created first (a stable order),
   * each with its retrospective (`include=incident_post_mortem`: post-mortems
   * name no incident themselves, so they are read with it). Pages follow
   * `meta.next_cursor` (`page[after]`): offset pagination is refused past a
   * limit (the description's 400 "offset pagination exceeds limit").
   */
  async incidents(since: Date, after: string | undefined) {
    const body = await this.api.get(
      'Rootly incidents',
      '/v1/incidents',
      {
        'filter[updated_at][gte]': since.toISOString(),
        sort: 'created_at',
        include: 'incident_post_mortem',
        ...(after ? { 'page[after]': after } : {}),
        'page[size]': String(PAGE_SIZE),
      },
      pageSchema,
    );
    return {
      data: body.data,
      included: body.included ?? [],
      // An empty page may still name the next; the sync ends where a page
      // names none, or itself.
      after: body.meta?.next_cursor ?? undefined,
    };
  }
}
