/*
 * Scorecard benchmark (issue 7): evaluates the default checks for every
 * entity and squad of a 5,000-service org, on SQLite and PostgreSQL.
 *
 *   npm run bench:scorecards
 *   BENCH_DATABASES=postgres npm run bench:scorecards
 *
 * Tech Insights' published figure, for comparison: about 3.5 s for 200
 * entities × 9 checks.
 */
import { Knex } from 'knex';
import {
  benchScorecardEngine,
  loadSyntheticData,
  machineLine,
  NOW,
  onBenchDatabases,
  syntheticOrganisation,
} from './syntheticOrg';

const ORG = { entities: 5_000, squads: 500, departments: 25 };
const DATA = {
  bugs: 200_000,
  incidents: 20_000,
  deployments: 100_000,
  postmortems: 4_000,
};

async function benchmark(name: string, db: Knex) {
  const { org, entityRefs } = syntheticOrganisation(ORG);
  const loaded = await loadSyntheticData(db, entityRefs, DATA);
  const components = entityRefs.map(ref => ({
    ref,
    type: 'service',
    lifecycle: 'production',
    tags: [],
  }));
  let now = NOW;
  const engine = benchScorecardEngine(db, () => now);

  const runs = [];
  for (let i = 0; i < 4; i++) {
    const rssBefore = process.memoryUsage().rss;
    const summary = await engine.evaluate(org, components);
    runs.push({
      ...summary,
      rssMb: (process.memoryUsage().rss - rssBefore) / 2 ** 20,
    });
    now += 60_000;
  }
  console.log(
    `\n${name}: loaded ${DATA.bugs.toLocaleString(
      'en',
    )} bugs in ${loaded.bugSeconds.toFixed(1)} s, ` +
      `incidents, post-mortems and deployments in ${loaded.otherSeconds.toFixed(
        1,
      )} s`,
  );
  console.log('| run | scopes | checks | rows written | level changes | ms |');
  console.log('|---|---|---|---|---|---|');
  runs.forEach((run, i) =>
    console.log(
      `| ${
        i === 0 ? 'first (every row new)' : `again #${i} (nothing changed)`
      } | ${run.scopes} | ${run.checks} | ${run.rowsWritten} | ${
        run.levelChanges
      } | ${run.durationMs} |`,
    ),
  );
  // What the synthetic data makes of the checks: a mix, not all passes.
  const tally = new Map<string, Record<string, number>>();
  for (const row of await db('quality_scorecards').select('results')) {
    for (const level of JSON.parse(row.results)) {
      for (const check of level.checks) {
        const counts = tally.get(check.checkId) ?? {};
        counts[check.status] = (counts[check.status] ?? 0) + 1;
        tally.set(check.checkId, counts);
      }
    }
  }
  for (const [checkId, counts] of tally) {
    console.log(`${checkId}: ${JSON.stringify(counts)}`);
  }
  const levels = await db('quality_scorecards')
    .groupBy('scope_kind', 'level')
    .select('scope_kind', 'level', db.raw('COUNT(*) AS n'));
  console.log(
    `levels: ${levels
      .map(row => `${row.scope_kind} ${row.level ?? 'none'} ${row.n}`)
      .join(', ')}`,
  );
}

async function main() {
  console.log(
    `Quality Pulse scorecard benchmark — ${new Date().toISOString()}`,
  );
  console.log(machineLine());
  console.log(
    `${ORG.entities} entities, ${ORG.squads} squads in ${ORG.departments} departments; ` +
      `${DATA.bugs} bugs, ${DATA.incidents} incidents, ${DATA.postmortems} post-mortems, ${DATA.deployments} deployments`,
  );
  await onBenchDatabases(benchmark);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
