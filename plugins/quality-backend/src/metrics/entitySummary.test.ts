import { TestDatabases } from '@backstage/backend-test-utils';
import { NormalisedIncident } from '@quality-pulse/plugin-quality-node';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';
import { QualityItemStore } from '../database/QualityItemStore';
import { SyncStateStore } from '../database/SyncStateStore';
import { entitySummary } from './entitySummary';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const NOW = Date.UTC(2026, 5, 30, 12); // the window is the 90 days before this
const PAYMENTS = 'component:default/payments-api';

function incident(
  externalId: string,
  severity: NormalisedIncident['severity'],
  resolvedDaysAgo: number | undefined,
  restoreMinutes: number,
): NormalisedIncident {
  const resolvedAt =
    resolvedDaysAgo === undefined ? undefined : NOW - resolvedDaysAgo * DAY;
  const startedAt = (resolvedAt ?? NOW - DAY) - restoreMinutes * MINUTE;
  return {
    externalId,
    entityRef: PAYMENTS,
    title: externalId,
    severity,
    startedAt: new Date(startedAt),
    resolvedAt: resolvedAt === undefined ? undefined : new Date(resolvedAt),
  };
}

describe('entitySummary', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'computes MTTR percentiles and open bugs as worked out by hand on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
      const store = new QualityItemStore(knex, 'pagerduty');
      await store.upsertIncidents([
        incident('P1-a', 'P1', 10, 10),
        incident('P1-b', 'P1', 20, 40),
        incident('P1-c', 'P1', 30, 20),
        incident('P0-a', 'P0', 40, 30),
        incident('P2-a', 'P2', 50, 60),
        // Outside the window: resolved 91 days ago.
        incident('P1-old', 'P1', 91, 5000),
        // Still open: no time to restore yet.
        incident('P0-open', 'P0', undefined, 600),
        // Another entity.
        {
          ...incident('other', 'P1', 5, 999),
          entityRef: 'component:default/ledger-service',
        },
      ]);
      const bugs = new QualityItemStore(knex, 'jira');
      const open = (
        externalId: string,
        severity: 'P1' | 'P2' | 'unclassified',
      ) => ({
        externalId,
        title: externalId,
        escaped: false,
        history: [
          {
            at: new Date(NOW - 5 * DAY),
            status: 'open' as const,
            severity,
            entityRef: PAYMENTS,
          },
        ],
      });
      await bugs.upsertBugs([
        open('B-1', 'P2'),
        open('B-2', 'P2'),
        open('B-3', 'unclassified'),
        {
          ...open('B-4', 'P1'),
          history: [
            {
              at: new Date(NOW - 9 * DAY),
              status: 'open',
              severity: 'P1',
              entityRef: PAYMENTS,
            },
            {
              at: new Date(NOW - 8 * DAY),
              status: 'closed',
              severity: 'P1',
              entityRef: PAYMENTS,
            },
          ],
        },
      ]);
      await new SyncStateStore(knex, () => NOW - MINUTE).markSucceeded(
        'pagerduty',
        'PPAYAPI',
        'c1',
      );

      const summary = await entitySummary(knex, PAYMENTS, {
        start: NOW - 90 * DAY,
        end: NOW,
        days: 90,
      });

      // All severities: 10, 20, 30, 40, 60 minutes.
      // Median: position 0.5 × 4 = 2 → 30 min. p90: position 0.9 × 4 = 3.6 → 40 + 0.6 × (60 − 40) = 52 min.
      expect(summary.mttr.overall).toEqual({
        count: 5,
        medianMs: 30 * MINUTE,
        p90Ms: 52 * MINUTE,
        meanMs: 32 * MINUTE, // (10 + 20 + 30 + 40 + 60) / 5
      });
      // P0 + P1: 10, 20, 30, 40. Median: position 1.5 → 25 min. p90: position 2.7 → 30 + 0.7 × 10 = 37 min.
      expect(summary.mttr.critical).toEqual({
        count: 4,
        medianMs: 25 * MINUTE,
        p90Ms: 37 * MINUTE,
        meanMs: 25 * MINUTE,
      });
      expect(summary.mttr.bySeverity).toEqual([
        {
          severity: 'P0',
          count: 1,
          medianMs: 30 * MINUTE,
          p90Ms: 30 * MINUTE,
          meanMs: 30 * MINUTE,
        },
        // P1: 10, 20, 40. Median 20. p90: position 1.8 → 20 + 0.8 × 20 = 36 min. Mean 70 / 3 min = 1,400,000 ms.
        {
          severity: 'P1',
          count: 3,
          medianMs: 20 * MINUTE,
          p90Ms: 36 * MINUTE,
          meanMs: 1_400_000,
        },
        {
          severity: 'P2',
          count: 1,
          medianMs: 60 * MINUTE,
          p90Ms: 60 * MINUTE,
          meanMs: 60 * MINUTE,
        },
        { severity: 'P3', count: 0, medianMs: null, p90Ms: null, meanMs: null },
        { severity: 'P4', count: 0, medianMs: null, p90Ms: null, meanMs: null },
        {
          severity: 'unclassified',
          count: 0,
          medianMs: null,
          p90Ms: null,
          meanMs: null,
        },
      ]);

      expect(summary.openBugs.total).toBe(3);
      expect(summary.openBugs.bySeverity).toEqual([
        { severity: 'P0', count: 0 },
        { severity: 'P1', count: 0 },
        { severity: 'P2', count: 2 },
        { severity: 'P3', count: 0 },
        { severity: 'P4', count: 0 },
        { severity: 'unclassified', count: 1 },
      ]);

      expect(summary.hasData).toBe(true);
      expect(summary.sources).toEqual([
        { providerId: 'jira', lastSucceededAt: null, lastError: null },
        {
          providerId: 'pagerduty',
          lastSucceededAt: new Date(NOW - MINUTE).toISOString(),
          lastError: null,
        },
      ]);
      expect(summary.window).toEqual({
        start: new Date(NOW - 90 * DAY).toISOString(),
        end: new Date(NOW).toISOString(),
        days: 90,
      });
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'returns an empty summary for an entity without data on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });

      const summary = await entitySummary(knex, PAYMENTS, {
        start: NOW - 30 * DAY,
        end: NOW,
        days: 30,
      });

      expect(summary.hasData).toBe(false);
      expect(summary.sources).toEqual([]);
      expect(summary.mttr.overall).toEqual({
        count: 0,
        medianMs: null,
        p90Ms: null,
        meanMs: null,
      });
      expect(summary.openBugs.total).toBe(0);
      await knex.destroy();
    },
  );
});
