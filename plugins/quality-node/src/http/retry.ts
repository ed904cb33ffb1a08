import { waitFromHeaders } from './rateLimitHeaders';
import { VendorHttpError } from './VendorHttpError';

/**
 * Calling vendor APIs politely and robustly: retries on 429, 5xx, timeouts and
 * dropped connections with exponential backoff, honouring the vendor's own
 * Retry-After / X-RateLimit-* / RateLimit-* headers, and never exceeding the
 * request budget of a sync run. Other failures (401, 403, 404, …) are thrown at
 * once: retrying them only burns the budget.
 */

/** @public */
export interface RetryPolicy {
  /** Attempts per call, the first included. Default 5. */
  maxAttempts?: number;
  /** First backoff; doubles each attempt, with jitter. Default 1 s. */
  baseDelayMs?: number;
  /** Longest wait, also for a vendor's Retry-After. Default 60 s. */
  maxDelayMs?: number;
  /** Per-attempt timeout, passed to the call as an AbortSignal. Default 30 s. */
  timeoutMs?: number;
}

/** @public */
export class RequestBudgetExhaustedError extends Error {
  readonly name = 'RequestBudgetExhaustedError';
}

/**
 * A sync run's allowance of requests (for example 960 a minute for PagerDuty,
 * or what an admin grants a shared Jira token). Every attempt takes one.
 *
 * @public
 */
export class RequestBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  get remaining(): number {
    return Math.max(0, this.limit - this.used);
  }

  take(what: string): void {
    if (this.used >= this.limit) {
      throw new RequestBudgetExhaustedError(
        `Request budget of ${this.limit} exhausted before ${what}; the sync resumes from its cursor next run`,
      );
    }
    this.used += 1;
  }
}

/** What a failed call tells about itself, whichever client threw it. @public */
export interface FailureDetails {
  status?: number;
  retryable: boolean;
  /** How long the vendor asked us to wait, when it said so. */
  retryAfterMs?: number;
}

/**
 * Response headers as the clients carry them: fetch's Headers, or a plain
 * record (Octokit, axios-style, jira.js).
 * @public
 */
export type HeaderBag = { get?(name: string): string | null } & Record<
  string,
  unknown
>;

function header(
  headers: HeaderBag | undefined,
  name: string,
): string | undefined {
  if (!headers) {
    return undefined;
  }
  if (typeof headers.get === 'function') {
    return headers.get(name) ?? undefined;
  }
  const key = Object.keys(headers).find(k => k.toLowerCase() === name);
  const value = key ? headers[key] : undefined;
  return value === undefined || value === null ? undefined : String(value);
}

/**
 * When to try again, from the header each vendor documents for it (the table
 * in rateLimitHeaders.ts): Retry-After, PagerDuty's RateLimit-Reset, Linear's
 * X-RateLimit-*-Reset, Opsgenie's X-RateLimit-Period-In-Sec, X-RateLimit-Reset.
 * @public
 */
export function retryAfterMs(
  headers: HeaderBag | undefined,
  now = Date.now(),
): number | undefined {
  return waitFromHeaders(name => header(headers, name), now);
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/**
 * Reads status and headers from the error shapes of fetch, Octokit,
 * axios-style and jira.js clients.
 * @public
 */
export function describeFailure(
  error: unknown,
  now = Date.now(),
): FailureDetails {
  const e = (error ?? {}) as Record<string, any>;
  const status: number | undefined = [
    e.status,
    e.statusCode,
    e.response?.status,
    e.response?.statusCode,
    e.cause?.status,
  ].find(s => typeof s === 'number');
  if (status !== undefined) {
    const headers = (e.headers ?? e.response?.headers ?? e.cause?.headers) as
      | HeaderBag
      | undefined;
    // jira.js reads Retry-After itself and keeps only the wait.
    const wait =
      retryAfterMs(headers, now) ??
      (typeof e.retryAfterMs === 'number' ? e.retryAfterMs : undefined);
    // Some vendors (GitHub) signal rate limits with 403 and exhausted quota headers.
    const rateLimited403 = status === 403 && wait !== undefined;
    return {
      status,
      retryable: RETRYABLE_STATUS.has(status) || rateLimited403,
      retryAfterMs: wait,
    };
  }
  const code = e.code ?? e.cause?.code;
  const timedOut = e.name === 'AbortError' || e.name === 'TimeoutError';
  const networkFailure =
    NETWORK_CODES.has(code) ||
    (e.name === 'TypeError' && /fetch failed/i.test(e.message));
  return { retryable: timedOut || networkFailure };
}

/** @public */
export interface CallOptions {
  /** Named in errors and logs, e.g. "Jira search of PAY". */
  what: string;
  policy?: RetryPolicy;
  budget?: RequestBudget;
  /** The sync run's signal: aborting it stops waiting and retrying. */
  signal?: AbortSignal;
  /** Told about each retry, for logging. */
  onRetry?: (details: {
    attempt: number;
    delayMs: number;
    failure: FailureDetails;
  }) => void;
  /** For tests: how to wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * Runs `call`, giving up when `signal` aborts even if the client behind it
 * ignores the signal (jira.js takes none): a hanging request then times out.
 */
function untilAborted<T>(
  call: (signal: AbortSignal) => Promise<T>,
  signal: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    call(signal).then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Puts what was asked and the status in a client's error message, so the
 * sync status reads "Jira search (project = "PAY" …): HTTP 401 …" rather than
 * a bare "Unauthorized". The error keeps its class and fields.
 */
function namingTheCall(error: unknown, what: string, status?: number) {
  // A VendorHttpError names its call already.
  if (
    error instanceof Error &&
    !(error instanceof VendorHttpError) &&
    !error.message.startsWith(what)
  ) {
    error.message = `${what}: ${status ? `HTTP ${status} ` : ''}${
      error.message
    }`;
  }
  return error;
}

/**
 * A caller bound to one sync run: every call shares the run's request budget
 * and signal, and retries are logged with what was being asked.
 *
 * @public
 */
export function vendorCaller(run: {
  budget?: RequestBudget;
  signal?: AbortSignal;
  policy?: RetryPolicy;
  logger?: { warn(message: string): void };
}) {
  return <T>(what: string, call: (signal: AbortSignal) => Promise<T>) =>
    callVendor(call, {
      what,
      budget: run.budget,
      signal: run.signal,
      policy: run.policy,
      onRetry: ({ attempt, delayMs, failure }) =>
        run.logger?.warn(
          `${what} failed (${
            failure.status ? `HTTP ${failure.status}` : 'no response'
          }), attempt ${attempt}; retrying in ${Math.round(delayMs)} ms`,
        ),
    });
}

/** @public */
export type VendorCaller = ReturnType<typeof vendorCaller>;

/**
 * Calls a vendor, retrying what is worth retrying. `call` receives an
 * AbortSignal that fires at the per-attempt timeout (or when the run ends).
 *
 * @public
 */
export async function callVendor<T>(
  call: (signal: AbortSignal) => Promise<T>,
  options: CallOptions,
): Promise<T> {
  const maxAttempts = options.policy?.maxAttempts ?? 5;
  const baseDelayMs = options.policy?.baseDelayMs ?? 1000;
  const maxDelayMs = options.policy?.maxDelayMs ?? 60_000;
  const timeoutMs = options.policy?.timeoutMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;

  for (let attempt = 1; ; attempt++) {
    options.budget?.take(options.what);
    const signals = [
      AbortSignal.timeout(timeoutMs),
      ...(options.signal ? [options.signal] : []),
    ];
    try {
      return await untilAborted(call, AbortSignal.any(signals));
    } catch (error) {
      if (options.signal?.aborted) {
        throw error; // the run is over: no retry
      }
      const failure = describeFailure(error);
      if (!failure.retryable || attempt >= maxAttempts) {
        throw namingTheCall(error, options.what, failure.status);
      }
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      const jittered = backoff / 2 + Math.random() * (backoff / 2);
      const delayMs = Math.min(maxDelayMs, failure.retryAfterMs ?? jittered);
      options.onRetry?.({ attempt, delayMs, failure });
      await sleep(delayMs, options.signal);
    }
  }
}
