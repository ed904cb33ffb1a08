import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { QualityItemStore } from '../database/QualityItemStore';
import { DEFAULT_CEILINGS } from '../metrics/qualityBudget';
import {
  DAY,
  NOW,
  RecordingNotifications,
  scenarioComponents as components,
  scenarioEntities,
  scenarioOrg as org,
  seedScenario,
} from '../__testUtils__/scorecardScenario';
import { readScorecardPolicy } from './definitions';
import { ScorecardEngine } from './ScorecardEngine';
import { QualityStores } from '../database/QualityStores';
import { QualityMetrics } from '../metrics/QualityMetrics';

jest.setTimeout(60_000);

function engineFor(
  db: Knex,
  notifications: RecordingNotifications,
  now = () => NOW,
) {
  return new ScorecardEngine({
    stores: new QualityStores(db),
    metrics: new QualityMetrics(db),
    catalog: catalogServiceMock({ entities: scenarioEntities }),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    policy: readScorecardPolicy(new ConfigReader({})),
    defaultCeilings: DEFAULT_CEILINGS,
    windowDays: 90,
    notifications,
    now,
  });
}

const checkOf = (card: any, id: string) =>
  card.levels.flatMap((l: any) => l.checks).find((c: any) => c.checkId === id);

describe('ScorecardEngine', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'scores every entity and squad with reasons and data on %p',
    async databaseId => {
      const db = await databases.init(databaseId);
      await seedScenario(db);
      const engine = engineFor(db, new RecordingNotifications());

      const summary = await engine.evaluate(org(), components);
      expect(summary).toMatchObject({
        scopes: 6,
        checks: 6 * 12,
        rowsWritten: 6,
      });

      const payments = await engine.store.get(
        'component:default/payments-api',
        'entity',
        NOW,
      );
      // Every Gold check passes but root-cause coverage, which 3 subjects cannot rate.
      expect(payments.level).toBe('silver');
      expect(payments.levelSince).toBe(new Date(NOW).toISOString());
      expect(checkOf(payments, 'root-cause-coverage')).toMatchObject({
        status: 'unknown',
        data: { numerator: 1, denominator: 3 },
      });
      expect(checkOf(payments, 'learning-loop-closed')).toMatchObject({
        status: 'pass',
      });
      expect(checkOf(payments, 'escaped-defect-rate')).toMatchObject({
        status: 'pass',
        data: { numerator: 1, denominator: 12 },
      });
      expect(checkOf(payments, 'postmortems-on-time')).toMatchObject({
        status: 'pass',
        data: { resolved: 2, late: 0, pending: 1 },
      });
      expect(checkOf(payments, 'mttr-critical')).toMatchObject({
        status: 'pass',
        data: { incidents: 2, medianHours: 1.5 },
      });
      expect(checkOf(payments, 'rework-rate')).toMatchObject({
        status: 'pass',
        value: 0.1,
      });
      // One hour short of 7 days is not aged, but it puts the budget at risk.
      expect(checkOf(payments, 'no-aged-critical-bugs')).toMatchObject({
        status: 'pass',
        value: 0,
      });
      expect(checkOf(payments, 'budget-headroom')).toMatchObject({
        status: 'warn',
        value: 'at-risk',
      });

      const search = await engine.store.get(
        'component:default/search-api',
        'entity',
        NOW,
      );
      expect(search.level).toBeNull();
      expect(checkOf(search, 'no-aged-critical-bugs')).toMatchObject({
        status: 'fail',
        value: 1,
      });
      expect(checkOf(search, 'escaped-defect-rate')).toMatchObject({
        status: 'fail',
        value: 0.3,
      });
      // Published at 00:00 on Saturday: the deadline was the end of Friday.
      expect(checkOf(search, 'postmortems-on-time')).toMatchObject({
        status: 'fail',
        data: { resolved: 1, late: 1, pending: 0 },
      });
      expect(checkOf(search, 'rework-rate')).toMatchObject({
        status: 'unknown',
      });

      const orphan = await engine.store.get(
        'component:default/orphan-lib',
        'entity',
        NOW,
      );
      expect(checkOf(orphan, 'data-source-configured').status).toBe('fail');
      expect(checkOf(orphan, 'budget-not-breached').status).toBe('unknown');

      const paymentsSquad = await engine.store.get(
        'group:default/payments-squad',
        'squad',
        NOW,
      );
      expect(checkOf(paymentsSquad, 'data-source-configured')).toMatchObject({
        status: 'fail',
        reason: '1 of 2 services has no data source; needs exactly 0',
      });
      const searchSquad = await engine.store.get(
        'group:default/search-squad',
        'squad',
        NOW,
      );
      expect(checkOf(searchSquad, 'budget-not-breached')).toMatchObject({
        status: 'fail',
        value: 'breached',
      });
      await db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'rewrites only what changed and keeps the level history on %p',
    async databaseId => {
      const db = await databases.init(databaseId);
      await seedScenario(db);
      let now = NOW;
      const engine = engineFor(db, new RecordingNotifications(), () => now);
      await engine.evaluate(org(), components);

      now += 60_000;
      expect(await engine.evaluate(org(), components)).toMatchObject({
        rowsWritten: 0,
        levelChanges: 0,
      });
      const unchanged = await engine.store.get(
        'component:default/search-api',
        'entity',
        now,
      );
      expect(checkOf(unchanged, 'no-aged-critical-bugs').since).toBe(
        new Date(NOW).toISOString(),
      );

      // The aged P1 is fixed: search-api climbs to Bronze (its escaped rate holds Silver back).
      await new QualityItemStore(db, 'jira', { now: () => now }).upsertBugs([
        {
          externalId: 'SRC-P1',
          title: 'Critical SRC-P1',
          escaped: false,
          history: [
            {
              at: new Date(NOW - 7 * DAY),
              status: 'open',
              severity: 'P1',
              entityRef: 'component:default/search-api',
            },
            {
              at: new Date(now - 1000),
              status: 'closed',
              severity: 'P1',
              entityRef: 'component:default/search-api',
            },
          ],
        },
      ]);
      now += 60_000;
      const summary = await engine.evaluate(org(), components);
      expect(summary.rowsWritten).toBeGreaterThan(0);
      const search = await engine.store.get(
        'component:default/search-api',
        'entity',
        now,
      );
      expect(search.level).toBe('bronze');
      expect(search.levelSince).toBe(new Date(now).toISOString());
      expect(checkOf(search, 'no-aged-critical-bugs')).toMatchObject({
        status: 'pass',
        since: new Date(now).toISOString(),
      });
      // Its history strip: every check from the first evaluation, then the
      // one whose status changed — the unchanged second evaluation added none.
      const aged = search.checkChanges.filter(
        change => change.checkId === 'no-aged-critical-bugs',
      );
      expect(aged).toEqual([
        {
          checkId: 'no-aged-critical-bugs',
          changedAt: new Date(NOW).toISOString(),
          fromStatus: null,
          toStatus: 'fail',
        },
        {
          checkId: 'no-aged-critical-bugs',
          changedAt: new Date(now).toISOString(),
          fromStatus: 'fail',
          toStatus: 'pass',
        },
      ]);
      const checksOfSearch = search.levels.flatMap(level => level.checks);
      expect(
        search.checkChanges.filter(
          change => change.changedAt === new Date(NOW).toISOString(),
        ),
      ).toHaveLength(checksOfSearch.length);
      expect(
        search.checkChanges.filter(
          change => change.changedAt === new Date(now).toISOString(),
        ),
      ).toHaveLength(
        checksOfSearch.filter(
          check => check.since === new Date(now).toISOString(),
        ).length,
      );
      // Changes older than the strip's 90 days are not sent.
      const later = await engine.store.get(
        'component:default/search-api',
        'entity',
        now + 91 * DAY,
      );
      expect(later.checkChanges).toEqual([]);
      expect(search.history).toEqual([
        {
          changedAt: new Date(now).toISOString(),
          fromLevel: null,
          toLevel: 'bronze',
          blockingChecks: ['escaped-defect-rate', 'postmortems-on-time'],
        },
      ]);
      const payments = await engine.store.get(
        'component:default/payments-api',
        'entity',
        now,
      );
      expect(payments.history).toEqual([
        expect.objectContaining({
          fromLevel: null,
          toLevel: 'silver',
          changedAt: new Date(NOW).toISOString(),
        }),
      ]);

      // An entity gone from the catalog is gone from the scorecards.
      await engine.evaluate(org(), components.slice(0, 3));
      expect(
        (await engine.store.get('component:default/orphan-lib', 'entity', now))
          .evaluatedAt,
      ).toBeNull();
      await db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'notifies each budget transition once, even with two instances evaluating at the same time, on %p',
    async databaseId => {
      const db = await databases.init(databaseId);
      await seedScenario(db);
      let now = NOW;
      const inboxA = new RecordingNotifications();
      const inboxB = new RecordingNotifications();
      const instanceA = engineFor(db, inboxA, () => now);
      const instanceB = engineFor(db, inboxB, () => now);

      await Promise.all([
        instanceA.evaluate(org(), components),
        instanceB.evaluate(org(), components),
      ]);
      const first = [...inboxA.sent, ...inboxB.sent];
      expect(
        first.map(n => [n.recipients.entityRef, n.payload.title]).sort(),
      ).toEqual([
        [
          'group:default/payments-squad',
          'Quality budget at risk: payments-squad',
        ],
        ['group:default/search-squad', 'Quality budget breached: search-squad'],
      ]);
      const breached = first.find(
        n => n.recipients.entityRef === 'group:default/search-squad',
      )!;
      expect(breached.payload).toMatchObject({
        severity: 'high',
        link: '/catalog/default/group/search-squad/quality',
        topic: 'Quality budget',
      });
      expect(breached.payload.description).toContain(
        'The next sprint is a bug-fix sprint.',
      );

      // Nothing changed: nothing is sent again.
      now += 60_000;
      await Promise.all([
        instanceA.evaluate(org(), components),
        instanceB.evaluate(org(), components),
      ]);
      expect(inboxA.sent.length + inboxB.sent.length).toBe(2);

      // search-squad's aged P1 is fixed, but its notification fails once: it is retried, then sent once.
      await new QualityItemStore(db, 'jira', { now: () => now }).upsertBugs([
        {
          externalId: 'SRC-P1',
          title: 'Critical SRC-P1',
          escaped: false,
          history: [
            {
              at: new Date(NOW - 7 * DAY),
              status: 'open',
              severity: 'P1',
              entityRef: 'component:default/search-api',
            },
            {
              at: new Date(now),
              status: 'closed',
              severity: 'P1',
              entityRef: 'component:default/search-api',
            },
          ],
        },
      ]);
      inboxA.failNext = true;
      now += 60_000;
      await instanceA.evaluate(org(), components);
      expect(inboxA.sent.length + inboxB.sent.length).toBe(2);
      await Promise.all([
        instanceA.evaluate(org(), components),
        instanceB.evaluate(org(), components),
      ]);
      const all = [...inboxA.sent, ...inboxB.sent];
      expect(all).toHaveLength(3);
      const recovered = all.filter(n => !first.includes(n));
      expect(recovered.map(n => n.payload.title)).toEqual([
        'Quality budget recovered: search-squad',
      ]);
      expect(recovered[0].payload.severity).toBe('low');
      await db.destroy();
    },
  );
});
