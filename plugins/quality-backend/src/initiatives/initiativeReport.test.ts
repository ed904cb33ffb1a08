import { TestDatabases } from '@backstage/backend-test-utils';
import { Organisation } from '../catalog/organisation';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';
import { QualityItemStore } from '../database/QualityItemStore';
import { QualityMetrics } from '../metrics/QualityMetrics';
import {
  BUGS,
  components,
  CONFIG,
  ELAPSED,
  groups,
  node,
  NOW,
} from '../__testUtils__/initiativeHistory';
import { DEFAULT_CEILINGS } from '../metrics/qualityBudget';
import { readInitiatives } from './definitions';
import { initiativeReport } from './initiativeReport';

jest.setTimeout(120_000);

describe('initiative progress, against hand-computed values', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'gives baseline, value, target, trajectory and state per group on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
      await new QualityItemStore(knex, 'jira').upsertBugs(BUGS);
      const org = Organisation.fromEntities(groups, components);
      const [escapes, aged] = readInitiatives(CONFIG);
      const options = {
        metrics: new QualityMetrics(knex),
        org,
        now: NOW,
        defaultCeilings: DEFAULT_CEILINGS,
      };

      const report = (await initiativeReport(escapes, options))!;
      expect(report.scopeRef).toBe('group:default/commerce');
      expect(report.deadline).toBe('2026-07-30');
      // The tree in catalog order, never by value.
      expect(report.scope.children.map(c => c.groupRef)).toEqual([
        'group:default/checkout-squad',
        'group:default/payments-squad',
        'group:default/search-squad',
      ]);

      const payments = node(
        report.scope,
        'group:default/payments-squad',
      ).progress;
      expect(payments.baseline).toEqual({
        value: 0.4,
        numerator: 4,
        denominator: 10,
        lowConfidence: false,
      });
      expect(payments.current.value).toBe(0.2);
      expect(payments.target).toBeCloseTo(0.2, 12);
      expect(payments.expected).toBeCloseTo(0.4 - 0.2 * ELAPSED, 12); // 0.267
      expect(payments.state).toBe('reached');

      const checkout = node(
        report.scope,
        'group:default/checkout-squad',
      ).progress;
      expect(checkout.target).toBeCloseTo(0.15, 12);
      expect(checkout.expected).toBeCloseTo(0.3 - 0.15 * ELAPSED, 12); // 0.200
      expect(checkout.current.value).toBe(0.3);
      expect(checkout.state).toBe('behind');

      // 8 of 23, then 5 of 22: 0.348 → 0.227, ahead of 0.348 − 0.174 × 0.665 = 0.232.
      const commerce = report.scope.progress;
      expect(commerce.baseline).toMatchObject({
        numerator: 8,
        denominator: 23,
      });
      expect(commerce.current).toMatchObject({ numerator: 5, denominator: 22 });
      expect(commerce.expected).toBeCloseTo(
        8 / 23 - (8 / 23 / 2) * ELAPSED,
        12,
      );
      expect(commerce.state).toBe('on-track');

      const search = node(report.scope, 'group:default/search-squad').progress;
      expect(search.baseline.lowConfidence).toBe(true);
      expect(search.state).toBe('too-little-data');

      // The points: the baseline at the start, 30 days on, and now (60 days
      // on is half a day before now: now stands for it).
      expect(report.points.map(p => p.at.slice(0, 13))).toEqual([
        '2026-05-01T00',
        '2026-05-31T00',
        '2026-06-30T12',
      ]);
      expect(report.points[0]).toMatchObject({
        numerator: 8,
        denominator: 23,
        expected: 8 / 23,
      });
      expect(report.points[2]).toMatchObject({ numerator: 5, denominator: 22 });

      // Aged P0/P1 of infra: X at the start (Y is 3 days old, Z is P2, V closed); Y and V now.
      const rot = (await initiativeReport(
        aged,
        options,
        'group:default/infra-squad',
      ))!;
      expect(rot.scopeRef).toBe('group:default/platform');
      const rotting = node(rot.scope, 'group:default/infra-squad').progress;
      expect(rotting.baseline.value).toBe(1);
      expect(rotting.current.value).toBe(2);
      expect(rotting.target).toBe(0);
      expect(rotting.expected).toBeCloseTo(1 - ELAPSED, 12);
      expect(rotting.state).toBe('behind');
      expect(rot.scope.progress).toMatchObject({
        baseline: { value: 1 },
        current: { value: 2 },
        state: 'behind',
      });
      expect(rot.pointsOf).toBe('group:default/infra-squad');
      // 05-31: X still open (40 days), Y open (33 days), V closed: 2.
      expect(rot.points.map(p => p.value)).toEqual([1, 2, 2]);

      // A caller who cannot see the scope's group gets nothing of it.
      const hidden = Organisation.fromEntities(
        groups.filter(g => g.metadata.name !== 'commerce'),
        components,
      );
      expect(
        await initiativeReport(escapes, { ...options, org: hidden }),
      ).toBeUndefined();
      await knex.destroy();
    },
  );
});
