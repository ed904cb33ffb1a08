/**
 * A vendor answered with an error status. Hand-written clients (vendors with
 * no client on the registry) throw this from `fetch` responses; the retry
 * policy reads the status and rate-limit headers from it, as it does from the
 * errors of jira.js, Octokit and other clients.
 *
 * @public
 */
export class VendorHttpError extends Error {
  readonly name = 'VendorHttpError';

  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    message: string,
  ) {
    super(message);
  }

  /** Throws for a non-2xx response, with a short excerpt of the body (never a whole HTML page). */
  static async assertOk(response: Response, what: string): Promise<void> {
    if (response.ok) {
      return;
    }
    const text = await response.text().catch(() => '');
    const body = (errorMessageOf(text) ?? text)
      .replace(/\s+/g, ' ')
      .slice(0, 200);
    throw new VendorHttpError(
      response.status,
      Object.fromEntries(response.headers.entries()),
      `${what}: HTTP ${response.status}${body ? ` ${body}` : ''}`,
    );
  }

  /** What `read` returns, or undefined when the vendor no longer has the item (404). */
  static async unlessGone<T>(read: Promise<T>): Promise<T | undefined> {
    try {
      return await read;
    } catch (error) {
      if (error instanceof VendorHttpError && error.status === 404) {
        return undefined;
      }
      throw error;
    }
  }
}

/**
 * The message of a vendor's JSON error body, in the shapes the vendors
 * document: `{ error: { message, errors } }` (PagerDuty), `{ message }`
 * (GitHub, Opsgenie, incident.io), `{ errorMessages }` (Jira), `{ errors:
 * [{ title, detail }] }` (JSON:API, Rootly), `{ err }` (ClickUp).
 */
function errorMessageOf(text: string): string | undefined {
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!body || typeof body !== 'object') return undefined;
  const strings = (list: unknown) =>
    Array.isArray(list)
      ? list
          .map(e =>
            typeof e === 'string' ? e : e?.detail ?? e?.title ?? e?.message,
          )
          .filter((e): e is string => typeof e === 'string')
      : [];
  const parts = [
    typeof body.error === 'object' ? body.error?.message : body.error,
    ...strings(body.error?.errors),
    body.message,
    ...strings(body.errorMessages),
    ...strings(body.errors),
    body.err,
  ].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length > 0 ? [...new Set(parts)].join(': ') : undefined;
}
