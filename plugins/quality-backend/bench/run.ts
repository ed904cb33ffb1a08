/*
 * Scale benchmark, step 2 (issue 9), on the data `npm run bench:generate`
 * left: incremental sync cost, scorecards for every entity, and p50/p95/p99
 * of the entity summary, squad summary, org overview and time-series
 * endpoints under 20 concurrent clients against a real backend, with that
 * backend's peak memory.
 *
 *   npm run bench:run
 *   BENCH_DATABASES=postgres BENCH_SECONDS=20 npm run bench:run
 *   BENCH_HTTP_ONLY=1 BENCH_ENDPOINTS=overview,squad npm run bench:run
 *     only the HTTP phases, only the endpoints whose names hold these words
 *     (BENCH_QUIET_SECONDS shortens the quiet phase when the live one is studied)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Organisation } from '../src/catalog/organisation';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../src/database/migrations';
import { QualityItemStore } from '../src/database/QualityItemStore';
import {
  benchDir,
  BenchDatabase,
  benchDatabases,
  openBenchDatabase,
} from './benchDatabase';
import { LoadResult, loadTest } from './loadTest';
import { peakRssMb, startBenchBackend, TOKEN } from './benchBackend';
import {
  componentRefs,
  IngestFigures,
  PAGE,
  scaleCatalog,
  ScaleSize,
  SCALE_NOW,
  syntheticBug,
} from './scaleOrg';
import { benchScorecardEngine, machineLine } from './syntheticOrg';
import { startLiveWriter } from './liveWriter';
import { measureReplicas } from './replicas';

interface Generated {
  size: ScaleSize;
  figures: IngestFigures[];
  peakRssMb: number;
}

/** Re-syncs every hundredth bug, changed, through the same upsert path. */
export async function incrementalSync(
  database: BenchDatabase,
  generated: Generated,
) {
  const db = openBenchDatabase(database);
  try {
    const refs = componentRefs(generated.size);
    const store = new QualityItemStore(db, 'jira', { now: () => SCALE_NOW });
    const changed = Array.from(
      { length: Math.floor(generated.size.bugs / 100) },
      (_, k) => k * 100,
    );
    const started = process.hrtime.bigint();
    for (let from = 0; from < changed.length; from += PAGE) {
      await store.upsertBugs(
        changed
          .slice(from, from + PAGE)
          .map(i => syntheticBug(i, refs, 1, generated.size.bugHistoryDays)),
      );
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const full = generated.figures.find(f => f.kind === 'bugs')!;
    return {
      changed: changed.length,
      seconds,
      fullSeconds: full.seconds,
      share: seconds / full.seconds,
    };
  } finally {
    await db.destroy();
  }
}

/** The scheduled task's work for every entity and squad, twice (the second finds little changed). */
export async function evaluateScorecards(
  database: BenchDatabase,
  size: ScaleSize,
) {
  const db = openBenchDatabase(database);
  try {
    const { groups, components } = scaleCatalog(size);
    const org = Organisation.fromEntities(groups, components);
    const scoped = components.map(c => ({
      ref: `component:default/${c.metadata.name}`,
      type: 'service',
      lifecycle: String(c.spec?.lifecycle),
      tags: [],
    }));
    const engine = benchScorecardEngine(db, () => SCALE_NOW);
    const first = await engine.evaluate(org, scoped);
    const again = await engine.evaluate(org, scoped);
    return { first, again };
  } finally {
    await db.destroy();
  }
}

/**
 * One request at a time for answers nobody asked for yet (a window length
 * not used before), so neither cache helps: what a miss costs.
 */
async function coldLatency(baseUrl: string, paths: string[]): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < 5; k++) {
    const url = `${baseUrl}${paths[(k * 7) % paths.length]}?windowDays=${
      70 + k + Math.floor(Math.random() * 10) * 5
    }`;
    const started = process.hrtime.bigint();
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    await response.arrayBuffer();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[2];
}

/** The endpoints measured, each with the paths its clients take in turn. */
export function endpointRuns(size: ScaleSize): Array<[string, string[]]> {
  const api = '/api/quality/v1';
  // Many entities, the busiest first (the skew puts most bugs on the first services).
  const entities = Array.from(
    { length: Math.min(size.components, 500) },
    (_, k) => (k * 97) % size.components,
  ).sort((a, b) => a - b);
  const squads = Array.from({ length: size.squads }, (_, s) => s);
  const only = process.env.BENCH_ENDPOINTS?.split(',').map(w => w.trim());
  const runs: Array<[string, string[]]> = [
    [
      'entity summary',
      entities.map(
        i => `${api}/entities/component/default/service-${i}/summary`,
      ),
    ],
    [
      'entity time series (90 days)',
      entities.map(
        i => `${api}/entities/component/default/service-${i}/timeseries`,
      ),
    ],
    [
      'squad summary',
      squads.map(s => `${api}/groups/default/squad-${s}/summary`),
    ],
    ['org overview', [`${api}/org/overview`]],
  ];
  return runs.filter(([name]) => !only || only.some(w => name.includes(w)));
}

export async function measureEndpoints(
  baseUrl: string,
  size: ScaleSize,
  options: { connections: number; seconds: number; warmupSeconds?: number },
): Promise<Array<LoadResult & { coldMs: number }>> {
  const { warmupSeconds = 2, ...load } = options;
  const runs = endpointRuns(size);
  const results: Array<LoadResult & { coldMs: number }> = [];
  for (const [name, paths] of runs) {
    // A short warm-up per endpoint: connection pools, query plans, caches.
    if (warmupSeconds > 0) {
      await loadTest({
        name,
        baseUrl,
        token: TOKEN,
        paths,
        connections: 4,
        seconds: warmupSeconds,
      });
    }
    const result = await loadTest({
      name,
      baseUrl,
      token: TOKEN,
      paths,
      ...load,
    });
    results.push({ ...result, coldMs: await coldLatency(baseUrl, paths) });
  }
  return results;
}

async function main() {
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
  const seconds = Number(process.env.BENCH_SECONDS ?? 15);
  console.log(`Quality Pulse scale benchmark — ${new Date().toISOString()}`);
  console.log(machineLine());
  for (const database of benchDatabases()) {
    const generated: Generated = JSON.parse(
      readFileSync(path.join(benchDir(), `generated-${database}.json`), 'utf8'),
    );
    console.log(`\n## ${database} — ${JSON.stringify(generated.size)}`);
    const ingest = generated.figures.reduce(
      (sum, f) => ({
        items: sum.items + f.items,
        seconds: sum.seconds + f.seconds,
      }),
      { items: 0, seconds: 0 },
    );
    console.log(
      `ingest (from bench:generate): ${ingest.items.toLocaleString(
        'en',
      )} items in ${ingest.seconds.toFixed(1)} s = ${Math.round(
        ingest.items / ingest.seconds,
      ).toLocaleString('en')} items/s; peak RSS ${Math.round(
        generated.peakRssMb,
      )} MB`,
    );

    // Data generated by an older checkout gets this one's migrations first.
    const migrating = openBenchDatabase(database);
    await migrating.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
    await migrating.destroy();

    if (process.env.BENCH_HTTP_ONLY !== '1') {
      await syncAndScorecards(database, generated);
    }

    const backend = await startBenchBackend(database, generated.size);

    try {
      const load = { connections, seconds };
      const quiet = await measureEndpoints(backend.baseUrl, generated.size, {
        ...load,
        seconds: Number(process.env.BENCH_QUIET_SECONDS ?? seconds),
      });
      // The same load while a writer changes 150 items a second.
      const writer = startLiveWriter(database, generated.size);
      const live = await measureEndpoints(
        backend.baseUrl,
        generated.size,
        load,
      ).finally(async () => {
        const writes = await writer.stop();
        console.log(
          `\nlive writer: ${
            writes.pages
          } pages of 50 (${writes.items.toLocaleString(
            'en',
          )} items), a page p50 ${writes.pageP50.toFixed(
            1,
          )} ms / p95 ${writes.pageP95.toFixed(1)} ms`,
        );
      });
      printLatencies(quiet, live, load);
      console.log(
        `backend peak RSS: ${Math.round(peakRssMb(backend.child.pid!))} MB`,
      );
    } finally {
      backend.stop();
    }
    if (process.env.BENCH_REPLICAS !== '0') {
      await new Promise(resolve => setTimeout(resolve, 3000));
      printReplicas(
        await measureReplicas(
          database,
          generated.size,
          endpointRuns(generated.size),
          {
            connections,
            seconds,
          },
        ),
      );
    }
  }
}

/** The incremental sync and the scorecards of the whole org, printed. */
async function syncAndScorecards(
  database: BenchDatabase,
  generated: Generated,
) {
  const sync = await incrementalSync(database, generated);
  console.log(
    `incremental sync: ${sync.changed.toLocaleString(
      'en',
    )} changed bugs in ${sync.seconds.toFixed(2)} s = ${(
      sync.share * 100
    ).toFixed(1)} % of the full sync of bugs (${sync.fullSeconds.toFixed(
      1,
    )} s)`,
  );

  const scorecards = await evaluateScorecards(database, generated.size);
  console.log(
    `scorecards: ${scorecards.first.scopes} scopes, ${scorecards.first.checks} checks — first run ${scorecards.first.durationMs} ms (${scorecards.first.rowsWritten} rows written), again ${scorecards.again.durationMs} ms (${scorecards.again.rowsWritten} rows)`,
  );
}

function printReplicas(results: Awaited<ReturnType<typeof measureReplicas>>) {
  console.log(
    '\nTwo replicas sharing Redis, half the clients on each, quiet (ms):',
  );
  console.log(
    '| endpoint | requests | p50 a / b | p95 a / b | p99 a / b | computed | answered from Redis (of lookups) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const [a, b] = r.replicas;
    const requests = a.requests + b.requests;
    const computed = r.sharedLookups - r.sharedHits;
    const pair = (x: number, y: number) => `${x.toFixed(1)} / ${y.toFixed(1)}`;
    console.log(
      `| ${r.name} | ${requests} | ${pair(a.p50, b.p50)} | ${pair(
        a.p95,
        b.p95,
      )} | ${pair(a.p99, b.p99)} | ${computed} (${(
        (100 * computed) /
        requests
      ).toFixed(2)} %) | ${r.sharedHits} of ${r.sharedLookups} (${(
        (100 * r.sharedHits) /
        Math.max(1, r.sharedLookups)
      ).toFixed(1)} %) |`,
    );
  }
  console.log(
    '\nHanded over: every path asked once through a, then once through b (quiet):',
  );
  console.log(
    '| endpoint | paths | a (s) | b (s) | answered from Redis during b (of lookups) | same answer |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const { name, handOver: h } of results) {
    console.log(
      `| ${name} | ${h.paths} | ${h.secondsA.toFixed(1)} | ${h.secondsB.toFixed(
        1,
      )} | ${h.sharedHits} of ${h.sharedLookups} | ${h.sameAnswers} of ${
        h.paths
      } |`,
    );
  }
}

function printLatencies(
  quiet: Array<LoadResult & { coldMs: number }>,
  live: Array<LoadResult & { coldMs: number }>,
  load: { connections: number; seconds: number },
) {
  console.log(
    `\nHTTP, ${load.connections} concurrent clients, ${load.seconds} s per endpoint (ms), quiet | while a writer changes 150 items/s:`,
  );
  console.log(
    '| endpoint | requests | p50 | p95 | p99 | a miss, alone | live: requests | p50 | p95 | p99 | a miss, alone | failed |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  const ms = (n: number) => n.toFixed(1);
  quiet.forEach((q, i) => {
    const l = live[i];
    console.log(
      `| ${q.name} | ${q.requests} | ${ms(q.p50)} | ${ms(q.p95)} | ${ms(
        q.p99,
      )} | ${ms(q.coldMs)} | ${l.requests} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(
        l.p99,
      )} | ${ms(l.coldMs)} | ${q.non2xx + q.errors + l.non2xx + l.errors} |`,
    );
  });
}

if (require.main === module) {
  main()
    .then(() => process.exit(0))
    .catch(error => {
      console.error(error);
      process.exit(1);
    });
}
