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
    const body = (await response.text().catch(() => ''))
      .replace(/\s+/g, ' ')
      .slice(0, 200);
    throw new VendorHttpError(
      response.status,
      Object.fromEntries(response.headers.entries()),
      `${what}: HTTP ${response.status}${body ? ` ${body}` : ''}`,
    );
  }
}
