import {
  VendorCaller,
  VendorJsonApi,
} from '@quality-pulse/plugin-quality-node';
import { z } from 'zod';

/**
 * incident.io's public API v2, the part the module reads. `@incident-io/sdk`
 * is not on the registry, so this is a small typed client; each incident is
 * validated on its own, so one that does not match is reported, not fatal.
 */

const timestampValueSchema = z.object({
  incident_timestamp: z.object({ name: z.string() }),
  value: z.object({ value: z.string().optional() }).nullish(),
});

const customFieldEntrySchema = z.object({
  custom_field: z.object({ id: z.string(), name: z.string() }),
  values: z.array(
    z.object({
      value_catalog_entry: z
        .object({
          id: z.string(),
          name: z.string(),
          external_id: z.string().nullish(),
          aliases: z.array(z.string()).nullish(),
        })
        .nullish(),
      value_text: z.string().nullish(),
      value_option: z.object({ value: z.string() }).nullish(),
    }),
  ),
});

export const incidentSchema = z.object({
  id: z.string(),
  reference: z.string(),
  name: z.string(),
  permalink: z.string().nullish(),
  mode: z.string().nullish(),
  created_at: z.string(),
  updated_at: z.string(),
  severity: z
    .object({ name: z.string(), rank: z.number().nullish() })
    .nullish(),
  incident_status: z.object({ name: z.string(), category: z.string() }),
  incident_timestamp_values: z.array(timestampValueSchema).nullish(),
  postmortem_document_url: z.string().nullish(),
  custom_field_entries: z.array(customFieldEntrySchema).nullish(),
});

export type IncidentIoIncident = z.infer<typeof incidentSchema>;

const listSchema = z.object({
  incidents: z.array(z.unknown()),
  pagination_meta: z
    .object({ after: z.string().nullish(), page_size: z.number().nullish() })
    .nullish(),
});

export class IncidentIoClient {
  private readonly api: VendorJsonApi;

  constructor(options: {
    baseUrl: string;
    apiKey: string;
    call: VendorCaller;
  }) {
    this.api = new VendorJsonApi(options, {
      authorization: `Bearer ${options.apiKey}`,
    });
  }

  /** One page of incidents updated since `since`, in incident.io's order, by `after` cursor. */
  async incidents(
    since: Date | undefined,
    after: string | undefined,
    pageSize = 100,
  ) {
    const body = await this.api.get(
      'incident.io incidents',
      '/v2/incidents',
      {
        page_size: String(pageSize),
        ...(after ? { after } : {}),
        ...(since ? { 'updated_at[gte]': since.toISOString() } : {}),
      },
      listSchema,
    );
    return {
      incidents: body.incidents,
      // An empty page may still name the next; the sync ends where a page
      // names none, or itself.
      after: body.pagination_meta?.after ?? undefined,
    };
  }
}
