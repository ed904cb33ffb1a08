import http from 'http';
import { AddressInfo } from 'net';
import {
  callVendor,
  describeFailure,
  RequestBudget,
  RequestBudgetExhaustedError,
  retryAfterMs,
} from './retry';
import { RATE_LIMIT_HEADERS } from './rateLimitHeaders';
import { VendorHttpError } from './VendorHttpError';

type Scripted = {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
};

/** A vendor stand-in on 127.0.0.1 that answers with the scripted responses in turn. */
async function scriptedVendor(script: Scripted[]) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const next = script[Math.min(requests.length - 1, script.length - 1)];
    setTimeout(() => {
      res.writeHead(next.status, {
        'content-type': 'application/json',
        ...next.headers,
      });
      res.end(next.body ?? '{"ok":true}');
    }, next.delayMs ?? 0);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/rest/api/3/search/jql`;
  return {
    requests,
    call: (signal: AbortSignal) =>
      fetch(url, { signal }).then(async response => {
        await VendorHttpError.assertOk(response, 'Jira search');
        return response.json();
      }),
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('callVendor', () => {
  it('waits as long as a 429 Retry-After says, then succeeds', async () => {
    const vendor = await scriptedVendor([
      {
        status: 429,
        headers: { 'retry-after': '7' },
        body: '{"errorMessages":["Rate limit exceeded"]}',
      },
      { status: 200 },
    ]);
    const { waits, sleep } = recordingSleep();
    await expect(
      callVendor(vendor.call, { what: 'Jira search of PAY', sleep }),
    ).resolves.toEqual({ ok: true });
    expect(vendor.requests).toHaveLength(2);
    expect(waits).toEqual([7000]);
    await vendor.close();
  });

  it('backs off exponentially on 5xx until the vendor recovers', async () => {
    const vendor = await scriptedVendor([
      { status: 503 },
      { status: 502 },
      { status: 200 },
    ]);
    const { waits, sleep } = recordingSleep();
    await callVendor(vendor.call, {
      what: 'search',
      sleep,
      policy: { baseDelayMs: 1000 },
    });
    expect(vendor.requests).toHaveLength(3);
    // Jittered halves of 1 s and 2 s.
    expect(waits[0]).toBeGreaterThanOrEqual(500);
    expect(waits[0]).toBeLessThanOrEqual(1000);
    expect(waits[1]).toBeGreaterThanOrEqual(1000);
    expect(waits[1]).toBeLessThanOrEqual(2000);
    await vendor.close();
  });

  it('does not retry a 401: the scope fails at once with the status in its message', async () => {
    const vendor = await scriptedVendor([
      { status: 401, body: '{"message":"Client must be authenticated"}' },
    ]);
    const { waits, sleep } = recordingSleep();
    const failure = await callVendor(vendor.call, {
      what: 'search',
      sleep,
    }).catch(e => e);
    expect(failure).toBeInstanceOf(VendorHttpError);
    expect(failure.status).toBe(401);
    expect(failure.message).toBe(
      'Jira search: HTTP 401 Client must be authenticated',
    );
    expect(vendor.requests).toHaveLength(1);
    expect(waits).toEqual([]);
    await vendor.close();
  });

  it('never exceeds the request budget, retries included', async () => {
    const vendor = await scriptedVendor([{ status: 503 }]);
    const budget = new RequestBudget(3);
    const { sleep } = recordingSleep();
    await expect(
      callVendor(vendor.call, { what: 'page 2 of PAY', budget, sleep }),
    ).rejects.toBeInstanceOf(RequestBudgetExhaustedError);
    expect(vendor.requests).toHaveLength(3);
    expect(budget.remaining).toBe(0);
    await vendor.close();
  });

  it('gives up after the last attempt with the vendor error', async () => {
    const vendor = await scriptedVendor([{ status: 500 }]);
    const { sleep } = recordingSleep();
    await expect(
      callVendor(vendor.call, {
        what: 'search',
        sleep,
        policy: { maxAttempts: 3 },
      }),
    ).rejects.toMatchObject({ status: 500 });
    expect(vendor.requests).toHaveLength(3);
    await vendor.close();
  });

  it('times out a hanging request and tries again', async () => {
    const vendor = await scriptedVendor([
      { status: 200, delayMs: 2000 },
      { status: 200 },
    ]);
    const { sleep } = recordingSleep();
    await expect(
      callVendor(vendor.call, {
        what: 'search',
        sleep,
        policy: { timeoutMs: 100 },
      }),
    ).resolves.toEqual({ ok: true });
    expect(vendor.requests).toHaveLength(2);
    await vendor.close();
  });

  it('stops retrying when the sync run is aborted', async () => {
    const vendor = await scriptedVendor([{ status: 503 }]);
    const run = new AbortController();
    const attempts: number[] = [];
    await expect(
      callVendor(vendor.call, {
        what: 'search',
        signal: run.signal,
        policy: { baseDelayMs: 60_000 },
        onRetry: ({ attempt }) => {
          attempts.push(attempt);
          run.abort(new Error('backend shutting down'));
        },
      }),
    ).rejects.toThrow('backend shutting down');
    expect(attempts).toEqual([1]);
    await vendor.close();
  });
});

describe('rate-limit headers', () => {
  it('names the header of each of the nine vendors', () => {
    const vendors = new Set(RATE_LIMIT_HEADERS.flatMap(row => row.vendors));
    expect([...vendors].sort()).toEqual(
      [
        'ClickUp',
        'FireHydrant',
        'GitHub',
        'incident.io',
        'Jira',
        'Linear',
        'Opsgenie',
        'PagerDuty',
        'Rootly',
      ].sort(),
    );
  });

  const now = Date.parse('2026-11-24T12:00:00Z');

  it.each([
    [{ 'retry-after': '30' }, 30_000],
    [{ 'Retry-After': 'Tue, 24 Nov 2026 12:01:00 GMT' }, 60_000],
    // PagerDuty / IETF draft: seconds until the window resets.
    [
      {
        'ratelimit-limit': '960',
        'ratelimit-remaining': '0',
        'ratelimit-reset': '12',
      },
      12_000,
    ],
    // GitHub: epoch seconds, when nothing remains.
    [
      {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(now / 1000 + 90),
      },
      90_000,
    ],
    // Jira Cloud: an ISO time.
    [{ 'x-ratelimit-reset': '2026-11-24T12:00:45Z' }, 45_000],
    // Linear: epoch milliseconds, once a bucket is empty.
    [
      {
        'x-ratelimit-requests-remaining': '0',
        'x-ratelimit-requests-reset': String(now + 30_000),
      },
      30_000,
    ],
    [
      {
        'x-ratelimit-complexity-remaining': '0',
        'x-ratelimit-complexity-reset': String(now + 12_000),
      },
      12_000,
    ],
    [
      {
        'x-ratelimit-requests-remaining': '1400',
        'x-ratelimit-requests-reset': String(now + 30_000),
      },
      undefined,
    ],
    // Opsgenie: one period once throttled.
    [
      {
        'x-ratelimit-state': 'THROTTLED',
        'x-ratelimit-reason': 'INTEGRATION',
        'x-ratelimit-period-in-sec': '60',
      },
      60_000,
    ],
    [
      { 'x-ratelimit-state': 'OK', 'x-ratelimit-period-in-sec': '60' },
      undefined,
    ],
    // Quota left: no wait implied.
    [
      {
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': String(now / 1000 + 90),
      },
      undefined,
    ],
  ])('%j means waiting %p ms', (headers, expected) => {
    expect(retryAfterMs(headers, now)).toBe(expected);
  });

  it('reads the error shapes of Octokit and fetch-based clients', () => {
    // Octokit RequestError: status plus response.headers; GitHub signals secondary limits with 403.
    expect(
      describeFailure(
        {
          status: 403,
          response: {
            headers: {
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(now / 1000 + 5),
            },
          },
        },
        now,
      ),
    ).toEqual({ status: 403, retryable: true, retryAfterMs: 5000 });
    expect(
      describeFailure({ status: 403, response: { headers: {} } }, now),
    ).toEqual({
      status: 403,
      retryable: false,
      retryAfterMs: undefined,
    });
    expect(describeFailure(new TypeError('fetch failed'))).toEqual({
      retryable: true,
    });
    expect(
      describeFailure(
        Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      ),
    ).toEqual({
      retryable: true,
    });
    expect(describeFailure(new Error('unexpected token in JSON'))).toEqual({
      retryable: false,
    });
  });
});
