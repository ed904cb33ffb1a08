/*
 * Latency under concurrent load: autocannon against a running backend, with
 * every response time kept so p50/p95/p99 are exact (autocannon's own summary
 * has no p95).
 */
import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  requests: number;
  non2xx: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/**
 * Runs `connections` clients for `seconds`, each request taking the next of
 * `paths` in turn (so a run covers many entities, not one cached answer).
 */
export async function loadTest(options: {
  name: string;
  baseUrl: string;
  token: string;
  paths: string[];
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  const times: number[] = [];
  let next = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        duration: options.seconds,
        headers: { authorization: `Bearer ${options.token}` },
        requests: [
          {
            method: 'GET',
            setupRequest: request => ({
              ...request,
              path: options.paths[next++ % options.paths.length],
            }),
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      times.push(responseTime);
    });
  });
  times.sort((a, b) => a - b);
  return {
    name: options.name,
    requests: times.length,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    perSecond: times.length / options.seconds,
  };
}
