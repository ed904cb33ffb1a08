/**
 * Which header tells when to call again, per vendor, as each documents it.
 * The retry reads every row (the names do not collide), so a module needs no
 * setting: what its vendor sends is understood.
 */

/** How a header's value reads. @public */
export type WaitUnit =
  /** Seconds to wait, or an HTTP date (RFC 9110 Retry-After). */
  | 'seconds-or-http-date'
  /** Seconds from now until the window resets. */
  | 'seconds'
  /** The window's reset as epoch seconds, or as an ISO 8601 time (Jira). */
  | 'epoch-seconds-or-iso'
  /** The window's reset as epoch milliseconds. */
  | 'epoch-milliseconds'
  /** The length of the throttling period in seconds: wait one period. */
  | 'period-seconds';

/** A header that says when to call again, as one or more vendors document it. @public */
export interface RateLimitHeader {
  name: string;
  unit: WaitUnit;
  /**
   * Read only once nothing remains (this header, lower-cased, is "0"), or
   * the vendor said it throttles: a reset time is sent with every answer.
   */
  onlyWhenExhausted?: string;
  vendors: string[];
  documentedAt: string;
}

/** In the order they are read: an explicit wait before a window's reset. @public */
export const RATE_LIMIT_HEADERS: readonly RateLimitHeader[] = [
  {
    name: 'retry-after',
    unit: 'seconds-or-http-date',
    vendors: ['GitHub', 'Jira', 'incident.io', 'FireHydrant', 'Rootly'],
    documentedAt:
      'GitHub "Rate limits for the REST API"; Jira Cloud "Rate limiting"; incident.io, FireHydrant and Rootly OpenAPI descriptions (429)',
  },
  {
    name: 'ratelimit-reset',
    unit: 'seconds',
    vendors: ['PagerDuty'],
    documentedAt:
      'PagerDuty "REST API Rate Limits" (ratelimit-limit, ratelimit-remaining, ratelimit-reset in seconds)',
  },
  {
    name: 'x-ratelimit-requests-reset',
    unit: 'epoch-milliseconds',
    onlyWhenExhausted: 'x-ratelimit-requests-remaining',
    vendors: ['Linear'],
    documentedAt:
      'Linear "Rate limiting" (X-RateLimit-Requests-Reset, UTC epoch milliseconds)',
  },
  {
    name: 'x-ratelimit-complexity-reset',
    unit: 'epoch-milliseconds',
    onlyWhenExhausted: 'x-ratelimit-complexity-remaining',
    vendors: ['Linear'],
    documentedAt:
      'Linear "Rate limiting" (X-RateLimit-Complexity-Reset, UTC epoch milliseconds)',
  },
  {
    name: 'x-ratelimit-period-in-sec',
    unit: 'period-seconds',
    onlyWhenExhausted: 'x-ratelimit-state',
    vendors: ['Opsgenie'],
    documentedAt:
      'Opsgenie swagger.json: every response declares X-RateLimit-State (OK, THROTTLED), X-RateLimit-Reason and X-RateLimit-Period-In-Sec',
  },
  {
    name: 'x-ratelimit-reset',
    unit: 'epoch-seconds-or-iso',
    onlyWhenExhausted: 'x-ratelimit-remaining',
    vendors: ['GitHub', 'Jira', 'ClickUp', 'Rootly'],
    documentedAt:
      'GitHub and ClickUp "Rate limits" (epoch seconds); Jira Cloud (ISO 8601 time); Rootly OpenAPI description (epoch seconds)',
  },
];

type HeaderReader = (name: string) => string | undefined;

function exhausted(row: RateLimitHeader, read: HeaderReader): boolean {
  if (!row.onlyWhenExhausted) return true;
  const state = read(row.onlyWhenExhausted)?.trim();
  if (state === undefined) return true;
  if (row.unit === 'period-seconds') return state.toUpperCase() !== 'OK';
  return Number(state) === 0;
}

function waitOf(unit: WaitUnit, raw: string, now: number): number | undefined {
  const value = raw.trim();
  const numeric = /^\d+(\.\d+)?$/.test(value);
  switch (unit) {
    case 'seconds':
    case 'period-seconds':
      return numeric ? Number(value) * 1000 : undefined;
    case 'epoch-milliseconds':
      return numeric ? Math.max(0, Number(value) - now) : undefined;
    case 'seconds-or-http-date':
    case 'epoch-seconds-or-iso': {
      if (numeric) {
        return unit === 'seconds-or-http-date'
          ? Number(value) * 1000
          : Math.max(0, Number(value) * 1000 - now);
      }
      const date = Date.parse(value);
      return Number.isNaN(date) ? undefined : Math.max(0, date - now);
    }
    default:
      return undefined;
  }
}

/** The wait the first row that applies asks for, if any. */
export function waitFromHeaders(
  read: HeaderReader,
  now: number,
): number | undefined {
  for (const row of RATE_LIMIT_HEADERS) {
    const raw = read(row.name);
    if (raw === undefined || !exhausted(row, read)) continue;
    const wait = waitOf(row.unit, raw, now);
    if (wait !== undefined) return wait;
  }
  return undefined;
}
