import {
  getJson,
  VendorCaller,
  vendorUrl,
} from '@quality-pulse/plugin-quality-node';
import { z } from 'zod';

/**
 * Rootly's REST API v1 (JSON:API), the part the module reads. No maintained
 * Rootly client is on the registry, so this is a small typed one; each
 * incident is validated on its own.
 */

const serviceSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  slug: z.string().nullish(),
});

/** Rootly embeds related services either as a list or as a JSON:API `{ data }`. */
const servicesSchema = z.union([
  z.array(serviceSchema),
  z.object({
    data: z.array(
      z.object({
        id: z.string(),
        attributes: z
          .object({ name: z.string().nullish(), slug: z.string().nullish() })
          .nullish(),
      }),
    ),
  }),
]);

export const rootlyIncidentSchema = z.object({
  id: z.string(),
  type: z.literal('incidents'),
  attributes: z.object({
    title: z.string(),
    sequential_id: z.number().nullish(),
    url: z.string().nullish(),
    kind: z.string().nullish(),
    status: z.string(),
    severity: z
      .object({
        data: z
          .object({
            attributes: z.object({
              name: z.string(),
              severity: z.string().nullish(),
            }),
          })
          .nullish(),
      })
      .nullish(),
    services: servicesSchema.nullish(),
    created_at: z.string(),
    updated_at: z.string(),
    started_at: z.string().nullish(),
    acknowledged_at: z.string().nullish(),
    mitigated_at: z.string().nullish(),
    resolved_at: z.string().nullish(),
  }),
});

export type RootlyIncident = z.infer<typeof rootlyIncidentSchema>;

export const rootlyPostmortemSchema = z.object({
  id: z.string(),
  attributes: z.object({
    title: z.string(),
    status: z.string(),
    url: z.string(),
    incident_id: z.string(),
    published_at: z.string().nullish(),
  }),
});

const pageSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.object({ next_page: z.number().nullish() }).nullish(),
});

export class RootlyClient {
  constructor(
    private readonly options: {
      baseUrl: string;
      apiKey: string;
      call: VendorCaller;
    },
  ) {}

  private async page(
    what: string,
    path: string,
    params: Record<string, string>,
  ) {
    const body = await getJson(
      this.options.call,
      what,
      vendorUrl(this.options.baseUrl, path, params),
      this.headers(),
      pageSchema,
    );
    return { data: body.data, nextPage: body.meta?.next_page ?? undefined };
  }

  private headers() {
    return {
      accept: 'application/vnd.api+json',
      authorization: `Bearer ${this.options.apiKey}`,
    };
  }

  /** Incidents updated since `since`, oldest created first (a stable order), by page number. */
  incidents(since: Date, page: number) {
    return this.page('Rootly incidents', '/v1/incidents', {
      'filter[updated_at][gte]': since.toISOString(),
      sort: 'created_at',
      'page[number]': String(page),
      'page[size]': '50',
    });
  }

  /** One incident, for a post-mortem whose incident this run did not read. */
  async incident(id: string): Promise<unknown> {
    const body = await getJson(
      this.options.call,
      `Rootly incident ${id}`,
      vendorUrl(
        this.options.baseUrl,
        `/v1/incidents/${encodeURIComponent(id)}`,
      ),
      this.headers(),
      z.object({ data: z.unknown() }),
    );
    return body.data;
  }

  /** Published post-mortems updated since `since`. */
  postmortems(since: Date, page: number) {
    return this.page('Rootly post-mortems', '/v1/post_mortems', {
      'filter[updated_at][gte]': since.toISOString(),
      'page[number]': String(page),
      'page[size]': '50',
    });
  }
}
