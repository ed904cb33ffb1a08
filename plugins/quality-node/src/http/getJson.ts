import { z } from 'zod';
import { VendorCaller } from './retry';
import { VendorHttpError } from './VendorHttpError';

/**
 * One validated JSON GET, for vendors with no client on the registry: the
 * call goes through the run's caller (budget, retries, timeout), a non-2xx
 * becomes a VendorHttpError with its headers, and a body of the wrong shape
 * an error naming where it differs.
 *
 * @public
 */
export async function getJson<T>(
  call: VendorCaller,
  what: string,
  url: URL | string,
  headers: Record<string, string>,
  schema: z.ZodType<T>,
): Promise<T> {
  return call(what, async signal => {
    const response = await fetch(url, {
      signal,
      headers: { accept: 'application/json', ...headers },
    });
    await VendorHttpError.assertOk(response, what);
    const parsed = schema.safeParse(await response.json());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `${what}: unexpected response at ${issue.path.join('.')}: ${
          issue.message
        }`,
      );
    }
    return parsed.data;
  });
}

/**
 * A URL under `baseUrl` (trailing slashes trimmed) with query parameters.
 *
 * @public
 */
export function vendorUrl(
  baseUrl: string,
  path: string,
  params: Record<string, string> = {},
): URL {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}${path}`);
  for (const [name, value] of Object.entries(params)) {
    url.searchParams.set(name, value);
  }
  // Spaces as %20, not form encoding's `+` (a reserved character in a URL's
  // query, which Opsgenie's description does not allow); a literal + is %2B.
  url.search = url.search.replace(/\+/g, '%20');
  return url;
}

/**
 * A vendor's timestamp as a Date; undefined when absent, an error naming the
 * field when it is not a date (the item is then skipped and reported).
 *
 * @public
 */
export function vendorDate(
  value: string | null | undefined,
  what: string,
): Date | undefined {
  if (value === null || value === undefined || value === '') {
    return undefined;
  }
  const parsed = Date.parse(value);
  if (!Number.isFinite(parsed)) {
    throw new Error(`${what} is not a date: ${JSON.stringify(value)}`);
  }
  return new Date(parsed);
}

/**
 * One item of a page checked against its schema: the item, or its id and
 * what is wrong with it, for the scope's skip report.
 *
 * @public
 */
export function parseVendorItem<T>(
  schema: z.ZodType<T>,
  raw: unknown,
): { ok: true; data: T } | { ok: false; id: string; reason: string } {
  const parsed = schema.safeParse(raw);
  if (parsed.success) {
    return { ok: true, data: parsed.data };
  }
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    id: String((raw as { id?: unknown } | null)?.id ?? '(no id)'),
    reason: `${issue.path.join('.')}: ${issue.message}`,
  };
}

/**
 * A vendor's JSON API at one base URL, with the headers every request
 * carries (the credential, an Accept): each GET goes through the run's
 * caller and its body is validated (see `getJson`). A query given as pairs
 * may repeat a name (`statuses[]=…&statuses[]=…`).
 *
 * @public
 */
export class VendorJsonApi {
  constructor(
    private readonly options: { baseUrl: string; call: VendorCaller },
    private readonly headers: Record<string, string>,
  ) {}

  get<T>(
    what: string,
    path: string,
    query: Record<string, string> | Array<[string, string]>,
    schema: z.ZodType<T>,
  ): Promise<T> {
    const pairs = Array.isArray(query) ? query : Object.entries(query);
    const url = vendorUrl(this.options.baseUrl, path);
    for (const [name, value] of pairs) url.searchParams.append(name, value);
    // As vendorUrl: spaces as %20, never form encoding's `+`.
    url.search = url.search.replace(/\+/g, '%20');
    return getJson(this.options.call, what, url, this.headers, schema);
  }
}
