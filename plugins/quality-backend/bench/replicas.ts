/*
 * Two bench backends on one database and one Redis (issue 22): the load is
 * split across them, and Redis's own counters tell how often a replica that
 * did not hold an answer found it computed by the other. Before the load,
 * a hand-over: replica a asks every path once, then replica b does — what b
 * finds in Redis is the hit rate across replicas when they do not race.
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
  handOver: HandOver;
}

/** Every path asked once through replica a, then once through b. */
export interface HandOver {
  paths: number;
  /** Seconds each replica took for its pass. */
  secondsA: number;
  secondsB: number;
  /** Redis look-ups during b's pass, and how many Redis answered. */
  sharedLookups: number;
  sharedHits: number;
  /** Paths whose answer through b was the same text as through a. */
  sameAnswers: number;
}

async function askEach(
  baseUrl: string,
  paths: string[],
): Promise<{ bodies: string[]; seconds: number }> {
  const started = process.hrtime.bigint();
  const bodies: string[] = [];
  for (const path of paths) {
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    bodies.push(`${response.status} ${await response.text()}`);
  }
  return {
    bodies,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

/** Within the answers' minute (ANSWER_TTL_MS): at most this many paths of a kind. */
const HAND_OVER_PATHS = 200;

async function handOver(
  redis: string,
  baseUrls: [string, string],
  allPaths: string[],
): Promise<HandOver> {
  const paths = allPaths.slice(0, HAND_OVER_PATHS);
  const a = await askEach(baseUrls[0], paths);
  const before = redisCounters(redis);
  const b = await askEach(baseUrls[1], paths);
  const after = redisCounters(redis);
  const sharedHits = after.hits - before.hits;
  return {
    paths: paths.length,
    secondsA: a.seconds,
    secondsB: b.seconds,
    sharedHits,
    sharedLookups: sharedHits + after.misses - before.misses,
    sameAnswers: paths.filter((_, i) => a.bodies[i] === b.bodies[i]).length,
  };
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
      const shared = await handOver(redis, [a.baseUrl, b.baseUrl], paths);
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
        handOver: shared,
      });
    }
  } finally {
    a.stop();
    b.stop();
  }
  return results;
}
