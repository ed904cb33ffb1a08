/*
 * Metrics benchmark (issue 3): loads 100,000 bugs and 10,000 incidents over 500
 * entities through the real upsert path, then prints p50/p95 latency of the
 * entity summary, squad summary and org overview on SQLite and PostgreSQL.
 *
 *   npm run bench                    both databases (PostgreSQL when reachable)
 *   BENCH_DATABASES=sqlite npm run bench
 *
 * Latency is the metrics layer with its SQL, without HTTP; the API adds
 * authentication and a catalog lookup on top.
 */
import { Knex } from 'knex';
import { entitySummary } from '../src/metrics/entitySummary';
import { orgOverview } from '../src/metrics/orgOverview';
import { DEFAULT_CEILINGS } from '../src/metrics/qualityBudget';
import { squadSummary } from '../src/metrics/squadSummary';
import { TimeWindow } from '../src/metrics/window';
import {
  DAY,
  latency,
  loadSyntheticData,
  machineLine,
  NOW,
  onBenchDatabases,
  syntheticOrganisation,
} from './syntheticOrg';

const ENTITIES = 500;
const SQUADS = 50;
const DEPARTMENTS = 5;
const BUGS = 100_000;
const INCIDENTS = 10_000;
const DEPLOYMENTS = 50_000;

async function benchmark(name: string, db: Knex) {
  const { org, entityRefs } = syntheticOrganisation({
    entities: ENTITIES,
    squads: SQUADS,
    departments: DEPARTMENTS,
  });
  const loaded = await loadSyntheticData(db, entityRefs, {
    bugs: BUGS,
    incidents: INCIDENTS,
    deployments: DEPLOYMENTS,
  });
  const window: TimeWindow = { start: NOW - 90 * DAY, end: NOW, days: 90 };
  const options = { window, now: NOW, defaultCeilings: DEFAULT_CEILINGS };
  const squads = [...org.groups.values()].filter(g => g.type === 'team');

  await entitySummary(db, entityRefs[0], window); // warm-up
  const results = {
    'entity summary': await latency(300, i =>
      entitySummary(db, entityRefs[(i * 37) % entityRefs.length], window),
    ),
    'squad summary': await latency(100, i =>
      squadSummary(db, org, squads[i % squads.length], options),
    ),
    'org overview': await latency(40, () => orgOverview(db, org, options)),
  };
  console.log(
    `\n${name}: ${BUGS.toLocaleString(
      'en',
    )} bugs loaded in ${loaded.bugSeconds.toFixed(1)} s ` +
      `(${Math.round(BUGS / loaded.bugSeconds).toLocaleString(
        'en',
      )} bugs/s with history and rollup); ` +
      `${INCIDENTS.toLocaleString(
        'en',
      )} incidents + ${DEPLOYMENTS.toLocaleString(
        'en',
      )} deployments in ${loaded.otherSeconds.toFixed(1)} s`,
  );
  console.log('| query | runs | p50 ms | p95 ms |');
  console.log('|---|---|---|---|');
  for (const [query, r] of Object.entries(results)) {
    console.log(
      `| ${query} | ${r.runs} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} |`,
    );
  }
}

async function main() {
  console.log(`Quality Pulse metrics benchmark — ${new Date().toISOString()}`);
  console.log(machineLine());
  console.log(
    `${ENTITIES} entities, ${SQUADS} squads in ${DEPARTMENTS} departments, window 90 days`,
  );
  await onBenchDatabases(benchmark);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
