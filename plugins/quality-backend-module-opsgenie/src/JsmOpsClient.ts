import {
  VendorCaller,
  VendorHttpError,
} from '@quality-pulse/plugin-quality-node';
import { z } from 'zod';

/**
 * Jira Service Management operations (Opsgenie's successor) REST API:
 * alerts under `https://api.atlassian.com/jsm/ops/api/{cloudId}/v1`, with
 * Opsgenie's query language, offset/size paging and `links.next`, Basic
 * authentication with an Atlassian account's email and API token.
 */

export const jsmAlertSchema = z.object({
  id: z.string(),
  tinyId: z.string().nullish(),
  message: z.string(),
  status: z.string(),
  priority: z.string().nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Milliseconds from creation to acknowledgement and to closing. */
  report: z
    .object({ ackTime: z.number().nullish(), closeTime: z.number().nullish() })
    .nullish(),
});

export type JsmAlert = z.infer<typeof jsmAlertSchema>;

const pageSchema = z.object({
  values: z.array(z.unknown()),
  links: z.object({ next: z.string().nullish() }).nullish(),
});

export class JsmOpsClient {
  constructor(
    private readonly options: {
      baseUrl: string;
      cloudId: string;
      email: string;
      apiToken: string;
      call: VendorCaller;
    },
  ) {}

  async alerts(query: string, offset: number) {
    const url = new URL(
      `${this.options.baseUrl.replace(
        /\/+$/,
        '',
      )}/jsm/ops/api/${encodeURIComponent(this.options.cloudId)}/v1/alerts`,
    );
    url.searchParams.set('query', query);
    url.searchParams.set('offset', String(offset));
    url.searchParams.set('size', '100');
    url.searchParams.set('sort', 'createdAt');
    url.searchParams.set('order', 'asc');
    const what = 'JSM operations alerts';
    const basic = Buffer.from(
      `${this.options.email}:${this.options.apiToken}`,
    ).toString('base64');
    return this.options.call(what, async signal => {
      const response = await fetch(url, {
        signal,
        headers: {
          accept: 'application/json',
          authorization: `Basic ${basic}`,
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
      return { data: parsed.data.values, hasNext: !!parsed.data.links?.next };
    });
  }
}
