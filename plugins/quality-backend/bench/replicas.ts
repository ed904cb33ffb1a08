/*
 * Two bench backends on one database and one Redis (issue 22): the load is
 * split across them, and Redis's own counters tell how often a replica that
 * did not hold an answer found it computed by the other.
 */
import { execFileSync } from 'node:child_process';
import { BenchDatabase } from './benchDatabase';
import { startBenchBackend, TOKEN } from './benchBackend';
import { LoadResult, loadTest } from './loadTest';
import { ScaleSize } from './scaleOrg';

export interface ReplicaResult {
  name: string;
  replicas: [LoadResult, LoadResult];
  /** Shared-store lookups (a replica's own memory had no fresh answer) and how many Redis answered. */
  sharedLookups: number;
  sharedHits: number;
}

function redisCounters(url: string): { hits: number; misses: number } {
  const info = execFileSync('redis-cli', ['-u', url, 'info', 'stats'], {
    encoding: 'utf8',
  });
  const read = (name: string) =>
    Number(new RegExp(`${name}:(\\d+)`).exec(info)?.[1] ?? NaN);
  return { hits: read('keyspace_hits'), misses: read('keyspace_misses') };
}

export async function measureReplicas(
  database: BenchDatabase,
  size: ScaleSize,
  runs: Array<[string, string[]]>,
  options: { connections: number; seconds: number },
): Promise<ReplicaResult[]> {
  const redis = process.env.BENCH_REDIS ?? 'redis://127.0.0.1:6379';
  const a = await startBenchBackend(database, size, 7077, { redis });
  const b = await startBenchBackend(database, size, 7078, { redis });
  const results: ReplicaResult[] = [];
  try {
    for (const [name, paths] of runs) {
      const before = redisCounters(redis);
      const load = (baseUrl: string) =>
        loadTest({
          name,
          baseUrl,
          token: TOKEN,
          paths,
          connections: Math.max(1, Math.floor(options.connections / 2)),
          seconds: options.seconds,
        });
      const replicas = await Promise.all([load(a.baseUrl), load(b.baseUrl)]);
      const after = redisCounters(redis);
      const sharedHits = after.hits - before.hits;
      results.push({
        name,
        replicas,
        sharedHits,
        sharedLookups: sharedHits + after.misses - before.misses,
      });
    }
  } finally {
    a.stop();
    b.stop();
  }
  return results;
}
