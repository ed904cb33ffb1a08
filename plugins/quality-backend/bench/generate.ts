/*
 * Scale benchmark, step 1 (issue 9): generates the synthetic org and writes
 * its items through the real provider upsert path, printing ingest
 * throughput and peak memory. The data stays for `npm run bench:run`.
 *
 *   npm run bench:generate                      SQLite and PostgreSQL, full size
 *   BENCH_DATABASES=postgres npm run bench:generate
 *   BENCH_DIVISOR=100 npm run bench:generate    the same shape, 1/100 of it
 *   BENCH_BUGS=3000000 npm run bench:generate   the same org, 3× the bug history
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { Knex } from 'knex';
import {
  peakRssMb as peakRssMbOf,
  startBenchBackend,
  waitUntilReady,
} from './benchBackend';
import path from 'node:path';
import { stringify } from 'yaml';
import {
  benchDir,
  BenchDatabase,
  benchDatabases,
  freshBenchDatabase,
} from './benchDatabase';
import {
  FULL_SCALE,
  IngestFigures,
  scaleCatalog,
  scaledDown,
  ScaleSize,
  writeScaleData,
} from './scaleOrg';
import { machineLine } from './syntheticOrg';

export function benchSize(): ScaleSize {
  const divisor = Number(process.env.BENCH_DIVISOR ?? 1);
  const size = divisor > 1 ? scaledDown(divisor) : FULL_SCALE;
  // BENCH_BUGS=3000000: the same org and rate of bugs, a longer history.
  const bugs = Number(process.env.BENCH_BUGS ?? size.bugs);
  return bugs === size.bugs
    ? size
    : { ...size, bugs, bugHistoryDays: Math.round((730 * bugs) / size.bugs) };
}

/** The catalog the bench backend serves: groups and components as YAML documents. */
export function writeBenchCatalog(size: ScaleSize): string {
  const { groups, components } = scaleCatalog(size);
  mkdirSync(benchDir(), { recursive: true });
  const file = path.join(benchDir(), 'catalog.yaml');
  writeFileSync(
    file,
    [...groups, ...components].map(e => stringify(e)).join('---\n'),
  );
  return file;
}

/**
 * Writes the org's items into `db` (a migrated quality database) through the
 * store, as a provider would, reporting each 100,000 items of a kind.
 */
export async function ingest(
  db: Knex,
  database: BenchDatabase,
  size: ScaleSize,
  log: (line: string) => void,
): Promise<IngestFigures[]> {
  const reported = new Map<string, number>();
  return writeScaleData(db, size, async (kind, done, total) => {
    const step = Math.floor(done / 100_000);
    if (done === total || step > (reported.get(kind) ?? 0)) {
      reported.set(kind, step);
      if (database === 'postgres') {
        // This machine's server runs with autovacuum off; production ones
        // analyze a table once a tenth of it changed. Without statistics
        // the planner takes a million-row table for an empty one and
        // scans the whole table: 1,840 bugs/s. Timed with the ingest.
        await db.raw('ANALYZE');
      }
      log(
        `  ${database} ${kind}: ${done.toLocaleString(
          'en',
        )} / ${total.toLocaleString('en')}`,
      );
    }
  });
}

function report(
  database: BenchDatabase,
  figures: IngestFigures[],
  peakRssMb: number,
  where: string,
  log: (line: string) => void,
) {
  const items = figures.reduce((sum, f) => sum + f.items, 0);
  const seconds = figures.reduce((sum, f) => sum + f.seconds, 0);
  log(`\n${database}: ingest through QualityItemStore, pages of 500`);
  log('| kind | items | seconds | items/s |');
  log('|---|---|---|---|');
  for (const f of [...figures, { kind: 'all', items, seconds }]) {
    log(
      `| ${f.kind} | ${f.items.toLocaleString('en')} | ${f.seconds.toFixed(
        1,
      )} | ${Math.round(f.items / f.seconds).toLocaleString('en')} |`,
    );
  }
  log(`peak RSS of ${where}: ${Math.round(peakRssMb)} MB`);
}

/** In this process: what the smoke test runs. */
export async function generate(
  database: BenchDatabase,
  size: ScaleSize,
  log: (line: string) => void = console.log,
): Promise<IngestFigures[]> {
  mkdirSync(benchDir(), { recursive: true });
  const db = await freshBenchDatabase(database);
  try {
    const figures = await ingest(db, database, size, log);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    report(database, figures, peakRssMb, 'the ingesting process', log);
    writeFileSync(
      path.join(benchDir(), `generated-${database}.json`),
      JSON.stringify({ size, figures, peakRssMb }, null, 2),
    );
    return figures;
  } finally {
    await db.destroy();
  }
}

/**
 * Inside the bench backend, while its catalog reads the org: the ingest runs
 * in a module of the quality plugin on the plugin's own database client, so
 * the peak memory measured is the backend's during a full ingest.
 */
export async function generateInBackend(
  database: BenchDatabase,
  size: ScaleSize,
  log: (line: string) => void = console.log,
): Promise<IngestFigures[]> {
  mkdirSync(benchDir(), { recursive: true });
  await (await freshBenchDatabase(database)).destroy();
  writeBenchCatalog(size);
  const marker = path.join(benchDir(), `ingested-${database}.json`);
  rmSync(marker, { force: true });
  const backend = await startBenchBackend(database, size, 7078, {
    env: { BENCH_INGEST: database, BENCH_INGEST_SIZE: JSON.stringify(size) },
    waitForCatalog: false,
  });
  try {
    await waitUntilReady(
      'the ingest',
      60 * 60_000,
      async () => existsSync(marker),
      () => backend.child.exitCode !== null,
    );
    const done = JSON.parse(readFileSync(marker, 'utf8'));
    if (done.error) throw new Error(`ingest failed: ${done.error}`);
    const peakRssMb = peakRssMbOf(backend.child.pid!);
    report(database, done.figures, peakRssMb, 'the backend', log);
    writeFileSync(
      path.join(benchDir(), `generated-${database}.json`),
      JSON.stringify({ size, figures: done.figures, peakRssMb }, null, 2),
    );
    return done.figures;
  } finally {
    backend.stop();
  }
}

async function main() {
  const size = benchSize();
  console.log(`Quality Pulse scale data — ${new Date().toISOString()}`);
  console.log(machineLine());
  console.log(JSON.stringify(size));
  for (const database of benchDatabases()) {
    await (process.env.BENCH_IN_PROCESS ? generate : generateInBackend)(
      database,
      size,
    );
  }
  console.log(`catalog: ${writeBenchCatalog(size)}`);
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
