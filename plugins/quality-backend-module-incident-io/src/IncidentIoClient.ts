import {
  VendorCaller,
  VendorHttpError,
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
  constructor(
    private readonly options: {
      baseUrl: string;
      apiKey: string;
      call: VendorCaller;
    },
  ) {}

  /** One page of incidents updated since `since`, in incident.io's order, by `after` cursor. */
  async incidents(
    since: Date | undefined,
    after: string | undefined,
    pageSize = 100,
  ) {
    const url = new URL(
      `${this.options.baseUrl.replace(/\/+$/, '')}/v2/incidents`,
    );
    url.searchParams.set('page_size', String(pageSize));
    if (after) url.searchParams.set('after', after);
    if (since) url.searchParams.set('updated_at[gte]', since.toISOString());
    const what = 'incident.io incidents';
    return this.options.call(what, async signal => {
      const response = await fetch(url, {
        signal,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${this.options.apiKey}`,
        },
      });
      await VendorHttpError.assertOk(response, what);
      const parsed = listSchema.safeParse(await response.json());
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(
          `${what}: unexpected response at ${issue.path.join('.')}: ${
            issue.message
          }`,
        );
      }
      const next = parsed.data.pagination_meta?.after ?? undefined;
      return {
        incidents: parsed.data.incidents,
        // The last page repeats no cursor, or one with nothing after it.
        after: parsed.data.incidents.length > 0 && next ? next : undefined,
      };
    });
  }
}
