import {
  VendorCaller,
  VendorHttpError,
} from '@quality-pulse/plugin-quality-node';
import { z } from 'zod';

/**
 * Opsgenie's Incident API v1, the part the module reads, as a small typed
 * client (no maintained Opsgenie client is on the registry). Each incident
 * is validated on its own.
 */

export const opsgenieIncidentSchema = z.object({
  id: z.string(),
  tinyId: z.string().nullish(),
  message: z.string(),
  status: z.string(),
  priority: z.string().nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
  impactStartDate: z.string().nullish(),
  impactEndDate: z.string().nullish(),
  links: z.object({ web: z.string().nullish() }).nullish(),
});

export type OpsgenieIncident = z.infer<typeof opsgenieIncidentSchema>;

const pageSchema = z.object({
  data: z.array(z.unknown()),
  paging: z.object({ next: z.string().nullish() }).nullish(),
});

export class OpsgenieClient {
  constructor(
    private readonly options: {
      baseUrl: string;
      apiKey: string;
      call: VendorCaller;
    },
  ) {}

  /** Incidents matching `query`, oldest created first, by offset. */
  async incidents(query: string, offset: number) {
    const url = new URL(
      `${this.options.baseUrl.replace(/\/+$/, '')}/v1/incidents`,
    );
    url.searchParams.set('query', query);
    url.searchParams.set('offset', String(offset));
    url.searchParams.set('limit', '100');
    url.searchParams.set('sort', 'createdAt');
    url.searchParams.set('order', 'asc');
    const what = 'Opsgenie incidents';
    return this.options.call(what, async signal => {
      const response = await fetch(url, {
        signal,
        headers: {
          accept: 'application/json',
          authorization: `GenieKey ${this.options.apiKey}`,
        },
      });
      await VendorHttpError.assertOk(response, what);
      const parsed = pageSchema.safeParse(await response.json());
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(
          `${what}: unexpected response at ${issue.path.join('.')}: ${
            issue.message
          }`,
        );
      }
      return { data: parsed.data.data, hasNext: !!parsed.data.paging?.next };
    });
  }
}
