/*
 * The live phase of the scale benchmark (issue 22): while clients read, a
 * writer upserts a page of changed bugs, incidents and deployments for random
 * entities every second through the store, as a provider's sync would, on
 * its own database connection.
 */
import { Knex } from 'knex';
import { QualityItemStore } from '../src/database/QualityItemStore';
import { BenchDatabase, openBenchDatabase } from './benchDatabase';
import { percentile } from './loadTest';
import {
  componentRefs,
  ScaleSize,
  SCALE_NOW,
  syntheticBug,
  syntheticIncident,
} from './scaleOrg';

export interface LiveWrites {
  pages: number;
  items: number;
  /** Milliseconds per page of each kind, p50 and p95. */
  pageP50: number;
  pageP95: number;
}

export function startLiveWriter(
  database: BenchDatabase,
  size: ScaleSize,
  options: { perPage?: number; intervalMs?: number } = {},
): { stop: () => Promise<LiveWrites> } {
  const { perPage = 50, intervalMs = 1000 } = options;
  const db = openBenchDatabase(database);
  const times: number[] = [];
  let stopped = false;
  const writeRound = liveRounds(db, size, perPage, async write => {
    const started = process.hrtime.bigint();
    await write();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  });

  const loop = (async () => {
    for (let round = 1; !stopped; round++) {
      const tick = Date.now();
      await writeRound(round);
      const wait = intervalMs - (Date.now() - tick);
      if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
      await db.destroy();
      const sorted = [...times].sort((a, b) => a - b);
      return {
        pages: times.length,
        items: times.length * perPage,
        pageP50: percentile(sorted, 0.5),
        pageP95: percentile(sorted, 0.95),
      };
    },
  };
}

/**
 * Round `round` of the live writes: a page of bugs that change status once
 * more, a page of revised incidents and a page of new deployments, each for
 * random entities, through the store.
 */
export function liveRounds(
  db: Knex,
  size: ScaleSize,
  perPage: number,
  timed: (write: () => Promise<void>) => Promise<void> = write => write(),
): (round: number) => Promise<void> {
  const refs = componentRefs(size);
  const now = () => SCALE_NOW;
  const bugs = new QualityItemStore(db, 'jira', { now });
  const incidents = new QualityItemStore(db, 'pagerduty', { now });
  const deployments = new QualityItemStore(db, 'ci', { now });
  const pick = (n: number) =>
    Array.from({ length: perPage }, () => Math.floor(Math.random() * n));
  return async (round: number) => {
    await timed(() =>
      bugs.upsertBugs(
        pick(size.bugs).map(i =>
          syntheticBug(i, refs, round, size.bugHistoryDays),
        ),
      ),
    );
    await timed(() =>
      incidents.upsertIncidents(
        pick(size.incidents).map(i => ({
          ...syntheticIncident(i, refs),
          title: `Incident ${i} (revised ${round})`,
        })),
      ),
    );
    await timed(() =>
      deployments.upsertDeployments(
        pick(refs.length).map((entity, k) => ({
          externalId: `live-${round}-${k}`,
          entityRef: refs[entity],
          deployedAt: new Date(SCALE_NOW - k * 60_000),
          remediation: k % 10 === 0,
        })),
      ),
    );
  };
}
