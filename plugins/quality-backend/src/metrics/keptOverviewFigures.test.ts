import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { SEVERITIES } from '@quality-pulse/plugin-quality-common';
import {
  DAY,
  loadSyntheticData,
  NOW,
  random,
  syntheticOrganisation,
} from '../../bench/syntheticOrg';
import { Organisation } from '../catalog/organisation';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';
import { QualityItemStore } from '../database/QualityItemStore';
import { KeptOverviewFigures } from './keptOverviewFigures';
import { orgOverview, overviewFigures } from './orgOverview';
import { QualityMetrics } from './QualityMetrics';
import { DEFAULT_CEILINGS } from './qualityBudget';
import { asOfMinute, asOfNextMinute, windowFromQuery } from './window';

jest.setTimeout(180_000);

const HOUR = 60 * 60 * 1000;
/** Mid-minute, so the overview is asked as of the minute's start. */
const ASKED_AT = NOW + 10 * 60_000 + 37_123;
const { entities, entityRefs } = syntheticOrganisation({
  entities: 24,
  squads: 6,
  departments: 2,
});

/** The org as a caller sees it who is not shown `hidden`. */
function orgWithout(hidden: string[]): Organisation {
  const shown = entities.filter(
    (e: Entity) =>
      !hidden.includes(`component:default/${e.metadata.name}`) ||
      e.kind !== 'Component',
  );
  return Organisation.fromEntities(
    shown.filter(e => e.kind === 'Group'),
    shown.filter(e => e.kind === 'Component'),
  );
}

/** A migrated database holding `bugs` synthetic bugs and a fifth as many incidents and deployments. */
async function syntheticDatabase(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  bugs: number,
): Promise<Knex> {
  const db = await databases.init(databaseId);
  await db.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
  const others = bugs / 5;
  await loadSyntheticData(db, entityRefs, {
    bugs,
    incidents: others,
    deployments: others,
    postmortems: 0,
  });
  return db;
}

/** What `work` returns, and the queries it ran. */
async function queriesOf<T>(
  db: Knex,
  work: () => Promise<T>,
): Promise<{
  result: T;
  queries: Array<{ sql: string; bindings: unknown[] }>;
}> {
  const queries: Array<{ sql: string; bindings: unknown[] }> = [];
  const count = (query: { sql: string; bindings: unknown[] }) =>
    queries.push(query);
  db.on('query', count);
  try {
    return { result: await work(), queries };
  } finally {
    db.off('query', count);
  }
}

/** A round of syncs: bugs that change (and move), incidents revised, moved or retitled, new deployments. */
async function writeRound(db: Knex, round: number) {
  const next = random(round);
  const pick = () => entityRefs[Math.floor(next() * entityRefs.length)];
  const opened = ASKED_AT - (1 + next() * 80) * DAY;
  await new QualityItemStore(db, 'jira').upsertBugs(
    Array.from({ length: 3 }, (_, k) => {
      const severity = SEVERITIES[Math.floor(next() * SEVERITIES.length)];
      return {
        externalId: `ROUND-${k}`,
        title: `changes every round (${round})`,
        escaped: next() < 0.5,
        history: [
          {
            at: new Date(opened),
            status: 'open' as const,
            severity,
            entityRef: pick(),
          },
          ...(next() < 0.5
            ? [
                {
                  at: new Date(opened + HOUR),
                  status: 'closed' as const,
                  severity,
                  entityRef: pick(),
                },
              ]
            : []),
        ],
      };
    }),
  );
  await new QualityItemStore(db, 'pagerduty').upsertIncidents([
    {
      externalId: 'ROUND-INCIDENT',
      entityRef: pick(),
      title: `moves every round (${round})`,
      severity: next() < 0.5 ? ('P0' as const) : ('P3' as const),
      startedAt: new Date(opened),
      resolvedAt: new Date(opened + (1 + round) * HOUR),
    },
    {
      // Only its title changes: its groups' MTTRs are kept, and still right.
      externalId: 'ROUND-RETITLED',
      entityRef: entityRefs[3],
      title: `retitled every round (${round})`,
      severity: 'P1' as const,
      startedAt: new Date(ASKED_AT - 5 * DAY),
      resolvedAt: new Date(ASKED_AT - 5 * DAY + 3 * HOUR),
    },
  ]);
  await new QualityItemStore(db, 'ci').upsertDeployments([
    {
      externalId: `ROUND-${round}`,
      entityRef: pick(),
      deployedAt: new Date(ASKED_AT - next() * 30 * DAY),
      remediation: next() < 0.5,
    },
  ]);
}

describe('the org overview, kept between answers', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'equals the overview from scratch after every round of writes and for every view of the org, on %p',
    async databaseId => {
      const db = await syntheticDatabase(databases, databaseId, 1_500);
      const metrics = new QualityMetrics(db);
      const window = windowFromQuery({}, { now: ASKED_AT, defaultDays: 90 });
      const asked = {
        window,
        now: ASKED_AT,
        defaultCeilings: DEFAULT_CEILINGS,
      };
      const fromScratch = (org: Organisation) =>
        orgOverview(db, org, { ...asked, ...asOfMinute(window, ASKED_AT) });
      const views = [
        orgWithout([]),
        orgWithout([entityRefs[0], entityRefs[7]]),
        orgWithout([]),
      ];

      const answers = [];
      for (let round = 1; round <= 4; round++) {
        for (const org of views) {
          const kept = await metrics.orgOverview(org, asked);
          expect(kept).toEqual(await fromScratch(org));
          answers.push(kept);
        }
        await writeRound(db, round);
      }
      // The rounds moved figures: a kept answer that ignored them would have been caught.
      const mttrs = answers.map(a => a.roots[0].mttr.overall.meanMs);
      expect(new Set(mttrs).size).toBeGreaterThan(2);
      // A hidden service changes its groups' figures: no view is served another's.
      expect(answers[1].roots[0].entityCount).toBe(
        answers[0].roots[0].entityCount - 2,
      );
      expect(answers[0].window.end).toBe(
        new Date(ASKED_AT - (ASKED_AT % 60_000)).toISOString(),
      );
      await db.destroy();
    },
  );
});

describe('the org overview as the route asks for it', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'reads again only the entities a write moved, though each request reads its window a moment before its instant, on %p',
    async databaseId => {
      const db = await syntheticDatabase(databases, databaseId, 600);
      const metrics = new QualityMetrics(db);
      const org = orgWithout([]);
      // As the route does: the window when the request is read, the
      // instant after the caller's permission and org were checked.
      const request = (readAt: number) =>
        metrics.orgOverview(org, {
          window: windowFromQuery({}, { now: readAt, defaultDays: 90 }),
          now: readAt + 4,
          defaultCeilings: DEFAULT_CEILINGS,
        });
      await request(ASKED_AT);
      await writeRound(db, 1);

      const { result: answer, queries } = await queriesOf(db, () =>
        request(ASKED_AT + 1_500),
      );
      const bound = queries
        .filter(query => query.sql.includes('quality_bug_open_counts'))
        .map(query => query.bindings);
      expect(bound).toHaveLength(1);
      expect(bound[0].length).toBeGreaterThan(0);
      expect(bound[0].length).toBeLessThan(entityRefs.length / 2);
      const { window, now } = asOfMinute(
        windowFromQuery({}, { now: ASKED_AT + 1_500, defaultDays: 90 }),
        ASKED_AT + 1_500,
      );
      expect(answer).toEqual(
        await orgOverview(db, org, {
          window,
          now,
          defaultCeilings: DEFAULT_CEILINGS,
        }),
      );
      await db.destroy();
    },
  );
});

describe('windows asked for rarely', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('do not evict the figures of the window asked for all the time', async () => {
    const db = await syntheticDatabase(databases, 'SQLITE_3', 300);
    const kept = new KeptOverviewFigures(db);
    const org = orgWithout([]);
    const ask = (days: number) =>
      kept.figures(
        org,
        windowFromQuery({}, { now: ASKED_AT, defaultDays: days }),
        ASKED_AT,
      );
    await ask(90);
    // Between requests for the default window, one for each of six others:
    // as many keys as are kept, so the first one in is pushed out.
    for (let days = 10; days <= 60; days += 10) {
      await ask(90);
      await ask(days);
    }
    const { queries } = await queriesOf(db, () => ask(90));
    // Only the versions: the default window's figures are still kept.
    expect(queries).toHaveLength(1);
    await db.destroy();
  });
});

describe('overlapping misses', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'read what a write moved once: a miss waits for the counts and rankings another is reading, on %p',
    async databaseId => {
      const db = await syntheticDatabase(databases, databaseId, 600);
      const kept = new KeptOverviewFigures(db);
      const { window, now } = asOfMinute(
        windowFromQuery({}, { now: ASKED_AT, defaultDays: 90 }),
        ASKED_AT,
      );
      const views = [orgWithout([]), orgWithout([entityRefs[5]])];
      await Promise.all(views.map(org => kept.figures(org, window, now)));

      for (let round = 1; round <= 3; round++) {
        await writeRound(db, round);
        // Three misses at once, two of them of the same view.
        const { result: answers, queries } = await queriesOf(db, () =>
          Promise.all(
            [views[0], views[1], views[0]].map(org =>
              kept.figures(org, window, now),
            ),
          ),
        );
        const reading = (table: string) =>
          queries.filter(query => query.sql.includes(table));
        // Each moved entity's open counts are read by one miss, and the
        // groups whose incidents moved are ranked once per view, not once
        // per miss.
        const countsRead = reading('quality_bug_open_counts').flatMap(
          query => query.bindings,
        );
        expect(countsRead.length).toBeGreaterThan(0);
        expect(new Set(countsRead).size).toBe(countsRead.length);
        expect(reading('quality_incidents').length).toBeLessThanOrEqual(
          views.length,
        );
        expect(answers[0]).toEqual(
          await overviewFigures(db, views[0], window, now),
        );
        expect(answers[1]).toEqual(
          await overviewFigures(db, views[1], window, now),
        );
        expect(answers[2]).toEqual(answers[0]);
      }
      await db.destroy();
    },
  );
});

describe('the next minute, prepared', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'is what the first request of the minute gets, answered from the prepared figures and still right after writes, on %p',
    async databaseId => {
      const db = await syntheticDatabase(databases, databaseId, 600);
      const org = orgWithout([]);
      const kept = new KeptOverviewFigures(db);
      // Asked late in a minute, then early in the next.
      const late = ASKED_AT - (ASKED_AT % 60_000) + 55_000;
      const early = late + 10_000;
      const askedAt = (now: number) =>
        asOfMinute(windowFromQuery({}, { now, defaultDays: 90 }), now);
      const current = askedAt(late);
      await kept.figures(org, current.window, current.now);

      const next = asOfNextMinute(
        windowFromQuery({}, { now: late, defaultDays: 90 }),
        late,
      );
      expect(next).toEqual(askedAt(early));
      await kept.prepare(org, next.window, next.now);

      const { result: prepared, queries } = await queriesOf(db, () =>
        kept.figures(org, next.window, next.now),
      );
      // Nothing moved since: the versions are read, nothing is computed.
      expect(queries).toHaveLength(1);
      expect(prepared).toEqual(
        await overviewFigures(db, org, next.window, next.now),
      );

      await writeRound(db, 7);
      expect(await kept.figures(org, next.window, next.now)).toEqual(
        await overviewFigures(db, org, next.window, next.now),
      );
      await db.destroy();
    },
  );
});
