/*
 * A small run of the scale benchmark (issue 9), so the generator and runner
 * keep working: the same code as `npm run bench:generate` / `bench:run`, on
 * 1/1000 of the org, with a real bench backend answering over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from '../bench/generate';
import {
  BenchDatabase,
  dropBenchDatabases,
  openBenchDatabase,
} from '../bench/benchDatabase';
import {
  evaluateScorecards,
  incrementalSync,
  measureEndpoints,
} from '../bench/run';
import { startBenchBackend } from '../bench/benchBackend';
import { componentRefs, scaledDown, syntheticBug } from '../bench/scaleOrg';
import { writeBenchCatalog } from '../bench/generate';

jest.setTimeout(300_000);

const SIZE = scaledDown(1_000);
const postgres =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const databases: BenchDatabase[] = postgres
  ? ['sqlite', 'postgres']
  : ['sqlite'];

describe('scale benchmark, smoke run', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'quality-bench-'));
  beforeAll(() => {
    process.env.BENCH_DATA_DIR = dir;
    process.env.BENCH_PG_PREFIX = `qsmoke${process.pid}_`;
    if (postgres) process.env.BENCH_POSTGRES = postgres;
    writeBenchCatalog(SIZE);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (postgres) await dropBenchDatabases();
  });

  it('generates the same data each time and stores all of it', () => {
    const refs = componentRefs(SIZE);
    expect(syntheticBug(7, refs)).toEqual(syntheticBug(7, refs));
    expect(syntheticBug(7, refs)).not.toEqual(syntheticBug(8, refs));
    // A revision adds one change at the end of the same history.
    const revised = syntheticBug(7, refs, 1);
    expect(revised.history.slice(0, -1)).toEqual(syntheticBug(7, refs).history);
  });

  it.each(databases)(
    'writes the org through the store, then syncs 1 %% and evaluates every scorecard, on %s',
    async database => {
      const figures = await generate(database, SIZE, () => {});
      expect(figures.map(f => [f.kind, f.items])).toEqual([
        ['bugs', SIZE.bugs],
        ['incidents', SIZE.incidents],
        ['post-mortems', SIZE.postmortems],
        ['deployments', SIZE.deployments],
      ]);
      const db = openBenchDatabase(database);
      const count = async (table: string) =>
        Number((await db(table).count({ n: '*' }))[0].n);
      expect(await count('quality_bugs')).toBe(SIZE.bugs);
      expect(await count('quality_bug_history')).toBeGreaterThan(SIZE.bugs);
      expect(await count('quality_incidents')).toBe(SIZE.incidents);
      expect(await count('quality_postmortems')).toBe(SIZE.postmortems);
      expect(await count('quality_deployments')).toBe(SIZE.deployments);
      await db.destroy();

      const sync = await incrementalSync(database, {
        size: SIZE,
        figures,
        peakRssMb: 0,
      });
      expect(sync.changed).toBe(SIZE.bugs / 100);
      expect(sync.share).toBeGreaterThan(0);

      const { first, again } = await evaluateScorecards(database, SIZE);
      expect(first.scopes).toBeGreaterThan(SIZE.components);
      expect(first.rowsWritten).toBe(first.scopes);
      expect(again.rowsWritten).toBe(0);
    },
  );

  it('measures every endpoint of a real bench backend under concurrent load', async () => {
    const backend = await startBenchBackend(
      'sqlite',
      SIZE,
      17_000 + (process.pid % 1000),
    );
    try {
      const results = await measureEndpoints(backend.baseUrl, SIZE, {
        connections: 2,
        seconds: 1,
        warmupSeconds: 0,
      });
      expect(results.map(r => r.name)).toEqual([
        'entity summary',
        'entity time series (90 days)',
        'squad summary',
        'org overview',
      ]);
      for (const result of results) {
        expect(result.requests).toBeGreaterThan(0);
        expect(result.non2xx + result.errors).toBe(0);
        expect(result.p50).toBeLessThanOrEqual(result.p95);
        expect(result.p95).toBeLessThanOrEqual(result.p99);
        expect(result.coldMs).toBeGreaterThan(0);
      }
    } finally {
      backend.stop();
    }
  });
});
