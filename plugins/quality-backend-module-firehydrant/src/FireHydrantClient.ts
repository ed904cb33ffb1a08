import {
  VendorCaller,
  VendorJsonApi,
} from '@quality-pulse/plugin-quality-node';
import { z } from 'zod';

/**
 * FireHydrant's REST API v1, the part the module reads, checked against
 * FireHydrant's published description. No maintained client is on the
 * registry, so this is a small typed one; each incident is validated on its
 * own, and every field the description leaves optional may be missing.
 */

const lifecycleMilestoneSchema = z.looseObject({
  slug: z.string().nullish(),
  occurred_at: z.string().nullish(),
});

export const fireHydrantIncidentSchema = z.looseObject({
  id: z.string(),
  number: z.number().nullish(),
  name: z.string().nullish(),
  severity: z.string().nullish(),
  current_milestone: z.string().nullish(),
  created_at: z.string().nullish(),
  started_at: z.string().nullish(),
  incident_url: z.string().nullish(),
  /** Milestones by lifecycle phase (started, active, post-incident, closed). */
  lifecycle_phases: z
    .array(
      z.looseObject({
        milestones: z.array(lifecycleMilestoneSchema).nullish(),
      }),
    )
    .nullish(),
  /** Deprecated in favour of lifecycle phases; read when an incident has no phases. */
  milestones: z
    .array(
      z.looseObject({ type: z.string(), occurred_at: z.string().nullish() }),
    )
    .nullish(),
  services: z
    .array(
      z.looseObject({
        id: z.string().nullish(),
        name: z.string().nullish(),
        slug: z.string().nullish(),
      }),
    )
    .nullish(),
  /** Where retrospectives were exported (links to Confluence, Google Docs). */
  retro_exports: z.array(z.unknown()).nullish(),
});

export type FireHydrantIncident = z.infer<typeof fireHydrantIncidentSchema>;

const pageSchema = z.looseObject({
  data: z.array(z.unknown()),
  pagination: z.looseObject({ next: z.number().nullish() }).nullish(),
});

const retrospectivesSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      id: z.string(),
      name: z.string().nullish(),
      is_hidden: z.boolean().nullish(),
      fields: z
        .array(
          z.looseObject({
            label: z.string().nullish(),
            value: z.string().nullish(),
          }),
        )
        .nullish(),
    }),
  ),
});

export type FireHydrantRetrospective = z.infer<
  typeof retrospectivesSchema
>['data'][number];

export class FireHydrantClient {
  private readonly api: VendorJsonApi;

  constructor(options: { baseUrl: string; token: string; call: VendorCaller }) {
    this.api = new VendorJsonApi(options, {
      authorization: `Bearer ${options.token}`,
    });
  }

  /** Incidents updated after `since`, by page. */
  async incidents(since: Date, page: number) {
    const body = await this.api.get(
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

  /** The incident's retrospectives (their fields hold the text). */
  async retrospectives(incidentId: string) {
    const body = await this.api.get(
      `FireHydrant retrospectives of ${incidentId}`,
      `/v1/incidents/${encodeURIComponent(incidentId)}/retrospectives`,
      {},
      retrospectivesSchema,
    );
    return body.data.filter(r => !r.is_hidden);
  }
}
