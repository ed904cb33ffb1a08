/*
 * What an org overview miss and a squad summary miss cost, part by part
 * (issue 22), on the data of
 * `npm run bench:generate`: the whole overview from scratch, then each of
 * its queries alone, each the median of five runs with windows nobody asked
 * for before; then what the route pays after each round of the live writer
 * (the figures kept between answers, recomputed where the writes moved
 * them). No HTTP, no catalog, no answer cache: the metrics layer and its SQL.
 *
 *   npm run bench:overview                       both databases
 *   BENCH_DATABASES=postgres npm run bench:overview
 */
import { Knex } from 'knex';
import { Organisation } from '../src/catalog/organisation';
import { entityRollups } from '../src/metrics/entityRollups';
import { mttrPerGroup } from '../src/metrics/mttr';
import { orgOverview } from '../src/metrics/orgOverview';
import { bugTimeToFix } from '../src/metrics/bugTimeToFix';
import { burnDownTrend } from '../src/metrics/burnDown';
import { mttr } from '../src/metrics/mttr';
import {
  escapedDefectRate,
  reworkRate,
  rootCauseCoverage,
} from '../src/metrics/ratios';
import { budgetConsumers } from '../src/metrics/qualityBudget';
import { squadSummary } from '../src/metrics/squadSummary';
import { KeptOverviewFigures } from '../src/metrics/keptOverviewFigures';
import { QualityMetrics } from '../src/metrics/QualityMetrics';
import { DEFAULT_CEILINGS } from '../src/metrics/qualityBudget';
import { TimeWindow } from '../src/metrics/window';
import { benchDatabases, openBenchDatabase } from './benchDatabase';
import { benchSize } from './generate';
import { liveRounds } from './liveWriter';
import { ScaleSize, scaleCatalog, SCALE_NOW } from './scaleOrg';
import { machineLine } from './syntheticOrg';

const DAY = 24 * 60 * 60 * 1000;

async function medianMs(
  run: (window: TimeWindow, now: number) => Promise<unknown>,
  /** `run` returns the milliseconds to count (it does more than what is timed). */
  timesItself = false,
): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < 5; k++) {
    // A window length (and an end) of its own: nothing is warm for it.
    const days = 85 + k;
    const now = SCALE_NOW - k * 60_000;
    const window = { start: now - days * DAY, end: now, days };
    const started = process.hrtime.bigint();
    const result = await run(window, now);
    times.push(
      timesItself
        ? Number(result)
        : Number(process.hrtime.bigint() - started) / 1e6,
    );
  }
  return times.sort((a, b) => a - b)[2];
}

async function measure(db: Knex, org: Organisation, size: ScaleSize) {
  const entities = org.allEntityRefs();
  const options = (window: TimeWindow, now: number) => ({
    window,
    now,
    defaultCeilings: DEFAULT_CEILINGS,
  });
  return {
    'org overview, from scratch': await medianMs((window, now) =>
      orgOverview(db, org, options(window, now)),
    ),
    'entity rollups (counts, ages, weekly points)': await medianMs(
      (window, now) => entityRollups(db, entities, window, now),
    ),
    'MTTR per group (ranked)': await medianMs(window =>
      mttrPerGroup(db, org, window),
    ),
    'org overview after a round of live writes': await afterWrites(
      db,
      org,
      size,
    ),
    ...(await firstOfMinute(db, org, size)),
    ...(await measureSquad(db, org)),
  };
}

/**
 * The first request of a minute after ten rounds of live writes, with and
 * without the figures prepared late in the minute before (the route prepares
 * them 50 s into a minute; the rounds stand for the seconds after).
 */
async function firstOfMinute(db: Knex, org: Organisation, size: ScaleSize) {
  const writeRound = liveRounds(db, size, 50);
  let round = 2_000_000;
  const first = async (prepared: boolean, k: number) => {
    const kept = new KeptOverviewFigures(db);
    const now = SCALE_NOW + (20 + k) * 60_000;
    const window = { start: now - (80 + k) * DAY, end: now, days: 80 + k };
    if (prepared) await kept.prepare(org, window, now);
    for (let r = 0; r < 10; r++) await writeRound(round++);
    const started = process.hrtime.bigint();
    await kept.figures(org, window, now);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const median = async (prepared: boolean) => {
    const times: number[] = [];
    for (let k = 0; k < 3; k++) times.push(await first(prepared, k));
    return times.sort((a, b) => a - b)[1];
  };
  return {
    'first of a minute, after 10 rounds, not prepared': await median(false),
    'first of a minute, after 10 rounds, prepared': await median(true),
  };
}

/** A squad summary and each of its queries, for a squad of the median size. */
async function measureSquad(db: Knex, org: Organisation) {
  const squads = [...org.groups.values()]
    .filter(group => group.type === 'team')
    .sort(
      (a, b) =>
        org.entitiesOf(a.ref).length - org.entitiesOf(b.ref).length ||
        a.ref.localeCompare(b.ref),
    );
  const squad = squads[Math.floor(squads.length / 2)];
  const scope = org.entitiesOf(squad.ref);
  const parts: Record<
    string,
    (w: TimeWindow, now: number) => Promise<unknown>
  > = {
    [`squad summary, whole (${scope.length} services)`]: (window, now) =>
      squadSummary(db, org, squad, {
        window,
        now,
        defaultCeilings: DEFAULT_CEILINGS,
      }),
    'squad: MTTR': window => mttr(db, scope, window),
    'squad: bug time to fix': window => bugTimeToFix(db, scope, window),
    'squad: escaped defect rate': window =>
      escapedDefectRate(db, scope, window),
    'squad: rework rate': window => reworkRate(db, scope, window),
    'squad: root-cause coverage': window =>
      rootCauseCoverage(db, scope, window),
    'squad: burn-down trend': window => burnDownTrend(db, scope, window),
    'squad: budget consumers': (_, now) => budgetConsumers(db, scope, now),
    'squad: entity rollups': (window, now) =>
      entityRollups(db, scope, window, now),
  };
  const result: Record<string, number> = {};
  for (const [name, run] of Object.entries(parts)) {
    result[name] = await medianMs(run);
  }
  return result;
}

/**
 * What the route pays for a miss while syncs write: the overview is asked
 * once, then each time after a round of the live writer (50 bugs, 50
 * incidents, 50 deployments for random entities) within the same minute.
 */
async function afterWrites(db: Knex, org: Organisation, size: ScaleSize) {
  const metrics = new QualityMetrics(db);
  const writeRound = liveRounds(db, size, 50);
  const now = SCALE_NOW + 10 * 60_000;
  const window = { start: now - 90 * DAY, end: now, days: 90 };
  const ask = () =>
    metrics.orgOverview(org, {
      window,
      now,
      defaultCeilings: DEFAULT_CEILINGS,
    });
  await ask();
  let round = 1_000_000;
  return medianMs(async () => {
    await writeRound(round++);
    const started = process.hrtime.bigint();
    await ask();
    return Number(process.hrtime.bigint() - started) / 1e6;
  }, true);
}

async function main() {
  const size = benchSize();
  const { groups, components } = scaleCatalog(size);
  const org = Organisation.fromEntities(groups, components);
  console.log(
    `Org overview, a miss part by part — ${new Date().toISOString()}`,
  );
  console.log(machineLine());
  console.log(JSON.stringify(size));
  for (const database of benchDatabases()) {
    const db = openBenchDatabase(database);
    try {
      for (const [part, ms] of Object.entries(await measure(db, org, size))) {
        console.log(
          `${database.padEnd(8)} ${part.padEnd(46)} ${ms.toFixed(1)} ms`,
        );
      }
    } finally {
      await db.destroy();
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
