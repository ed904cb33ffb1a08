import {
  getJson,
  VendorCaller,
  vendorUrl,
} from '@quality-pulse/plugin-quality-node';
import { z } from 'zod';

/**
 * FireHydrant's REST API v1, the part the module reads. No maintained client
 * is on the registry, so this is a small typed one; each incident is
 * validated on its own.
 */

export const fireHydrantIncidentSchema = z.object({
  id: z.string(),
  number: z.number().nullish(),
  name: z.string(),
  severity: z.string().nullish(),
  current_milestone: z.string(),
  created_at: z.string(),
  started_at: z.string().nullish(),
  incident_url: z.string().nullish(),
  milestones: z
    .array(z.object({ type: z.string(), occurred_at: z.string().nullish() }))
    .nullish(),
  services: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        slug: z.string().nullish(),
      }),
    )
    .nullish(),
});

export type FireHydrantIncident = z.infer<typeof fireHydrantIncidentSchema>;

const pageSchema = z.object({
  data: z.array(z.unknown()),
  pagination: z.object({ next: z.number().nullish() }).nullish(),
});

const reportsSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullish(),
      created_at: z.string().nullish(),
    }),
  ),
});

export class FireHydrantClient {
  constructor(
    private readonly options: {
      baseUrl: string;
      token: string;
      call: VendorCaller;
    },
  ) {}

  private get<T>(
    what: string,
    path: string,
    params: Record<string, string>,
    schema: z.ZodType<T>,
  ) {
    return getJson(
      this.options.call,
      what,
      vendorUrl(this.options.baseUrl, path, params),
      { authorization: `Bearer ${this.options.token}` },
      schema,
    );
  }

  /** Incidents updated after `since`, by page. */
  async incidents(since: Date, page: number) {
    const body = await this.get(
      'FireHydrant incidents',
      '/v1/incidents',
      {
        updated_after: since.toISOString(),
        page: String(page),
        per_page: '50',
      },
      pageSchema,
    );
    return { data: body.data, next: body.pagination?.next ?? undefined };
  }

  /** The incident's retrospective reports. */
  async retrospectives(incidentId: string) {
    const body = await this.get(
      `FireHydrant retrospectives of ${incidentId}`,
      '/v1/post_mortems/reports',
      { incident_id: incidentId },
      reportsSchema,
    );
    return body.data;
  }
}
