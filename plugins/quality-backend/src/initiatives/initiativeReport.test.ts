import { TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NormalisedBug } from '@quality-pulse/plugin-quality-node';
import { Organisation } from '../catalog/organisation';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';
import { QualityItemStore } from '../database/QualityItemStore';
import { QualityMetrics } from '../metrics/QualityMetrics';
import { testComponent, testGroup } from '../__testUtils__/catalogEntities';
import { DEFAULT_CEILINGS } from '../metrics/qualityBudget';
import { readInitiatives } from './definitions';
import { initiativeReport, InitiativeNode } from './initiativeReport';

jest.setTimeout(120_000);

/*
 * Hand-computed: now is 2026-06-30 12:00 UTC; the initiatives started on
 * 2026-05-01 (60.5 days before now) and end with 2026-07-30 (the deadline is
 * 2026-07-31 00:00, 91 days after the start). Values read the 30 days up to
 * them: the baseline 2026-04-01 … 2026-05-01, now 2026-05-31 12:00 … now.
 */
const NOW = Date.parse('2026-06-30T12:00:00Z');
const START = Date.parse('2026-05-01T00:00:00Z');
const DEADLINE = Date.parse('2026-07-31T00:00:00Z');
const ELAPSED = (NOW - START) / (DEADLINE - START); // 60.5 / 91

const ref = (name: string) => `component:default/${name}`;
const groups = [
  testGroup('acme', { type: 'organization' }),
  testGroup('commerce', { type: 'department', parent: 'acme' }),
  testGroup('payments-squad', { parent: 'commerce' }),
  testGroup('checkout-squad', { parent: 'commerce' }),
  testGroup('search-squad', { parent: 'commerce' }),
  testGroup('platform', { type: 'department', parent: 'acme' }),
  testGroup('infra-squad', { parent: 'platform' }),
];
const components = [
  testComponent('payments-api', { owner: 'payments-squad' }),
  testComponent('checkout-web', { owner: 'checkout-squad' }),
  testComponent('search-api', { owner: 'search-squad' }),
  testComponent('infra-api', { owner: 'infra-squad' }),
];

/** `count` bugs created at `at`, the first `escaped` of them escaped. */
function created(
  prefix: string,
  entity: string,
  at: number,
  count: number,
  escaped: number,
): NormalisedBug[] {
  return Array.from({ length: count }, (_, i) => ({
    externalId: `${prefix}-${i}`,
    title: `${prefix}-${i}`,
    escaped: i < escaped,
    history: [
      {
        at: new Date(at),
        status: 'open',
        severity: 'P3',
        entityRef: ref(entity),
      },
      {
        at: new Date(at + 60_000),
        status: 'closed',
        severity: 'P3',
        entityRef: ref(entity),
      },
    ],
  }));
}

const baselineDay = Date.parse('2026-04-15T10:00:00Z');
const recentDay = Date.parse('2026-06-20T10:00:00Z');
const BUGS: NormalisedBug[] = [
  // payments: 4 of 10 escaped before the start, 2 of 10 lately.
  ...created('PAY-OLD', 'payments-api', baselineDay, 10, 4),
  ...created('PAY-NEW', 'payments-api', recentDay, 10, 2),
  // checkout: 3 of 10, then 3 of 10.
  ...created('CHK-OLD', 'checkout-web', baselineDay, 10, 3),
  ...created('CHK-NEW', 'checkout-web', recentDay, 10, 3),
  // search: too few to rate (3, then 2).
  ...created('SRC-OLD', 'search-api', baselineDay, 3, 1),
  ...created('SRC-NEW', 'search-api', recentDay, 2, 0),
  // Aged P0/P1 (the default limit, 7 days), of the platform's one service:
  // X: P1 from 04-21, open until 06-10 — aged at the start (10 days), not now.
  {
    externalId: 'AGED-X',
    title: 'X',
    escaped: false,
    history: [
      {
        at: new Date('2026-04-21T00:00:00Z'),
        status: 'open',
        severity: 'P1',
        entityRef: ref('infra-api'),
      },
      {
        at: new Date('2026-06-10T00:00:00Z'),
        status: 'closed',
        severity: 'P1',
        entityRef: ref('infra-api'),
      },
    ],
  },
  // Y: P0 from 04-28, still open — 3 days old at the start, aged now.
  {
    externalId: 'AGED-Y',
    title: 'Y',
    escaped: false,
    history: [
      {
        at: new Date('2026-04-28T00:00:00Z'),
        status: 'open',
        severity: 'P0',
        entityRef: ref('infra-api'),
      },
    ],
  },
  // Z: P1 from 04-01, lowered to P2 on 04-26 — not critical at the start.
  {
    externalId: 'AGED-Z',
    title: 'Z',
    escaped: false,
    history: [
      {
        at: new Date('2026-04-01T00:00:00Z'),
        status: 'open',
        severity: 'P1',
        entityRef: ref('infra-api'),
      },
      {
        at: new Date('2026-04-26T00:00:00Z'),
        status: 'open',
        severity: 'P2',
        entityRef: ref('infra-api'),
      },
    ],
  },
  // V: P1 from 04-10, closed 04-30 and reopened 06-01 — not open at the start, aged now.
  {
    externalId: 'AGED-V',
    title: 'V',
    escaped: false,
    history: [
      {
        at: new Date('2026-04-10T00:00:00Z'),
        status: 'open',
        severity: 'P1',
        entityRef: ref('infra-api'),
      },
      {
        at: new Date('2026-04-30T00:00:00Z'),
        status: 'closed',
        severity: 'P1',
        entityRef: ref('infra-api'),
      },
      {
        at: new Date('2026-06-01T00:00:00Z'),
        status: 'open',
        severity: 'P1',
        entityRef: ref('infra-api'),
      },
    ],
  },
];

const CONFIG = new ConfigReader({
  quality: {
    initiatives: [
      {
        id: 'halve-escapes',
        title: 'Halve escaped defects',
        why: 'Escapes cost our customers most.',
        metric: 'escaped-defect-rate',
        sponsor: 'group:default/acme',
        scope: 'commerce',
        start: '2026-05-01',
        deadline: '2026-07-30',
        target: '-50%',
      },
      {
        id: 'no-rotting-criticals',
        title: 'No P0/P1 rots',
        why: 'Critical bugs get fixed within a week.',
        metric: 'aged-critical-bugs',
        sponsor: 'platform',
        start: '2026-05-01',
        deadline: '2026-07-30',
        target: 0,
      },
    ],
  },
});

function node(root: InitiativeNode, groupRef: string): InitiativeNode {
  const found = [root, ...root.children.flatMap(c => [c, ...c.children])].find(
    n => n.groupRef === groupRef,
  );
  if (!found) throw new Error(`${groupRef} is not in the tree`);
  return found;
}

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

  it.each(databases.eachSupportedId())(
    'counts only the services its filter matches, as a scorecard check filters them, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
      // An experimental service of the payments squad, all of its bugs escaped.
      const labs = testComponent('payments-labs', { owner: 'payments-squad' });
      labs.spec = { ...labs.spec, lifecycle: 'Experimental' };
      await new QualityItemStore(knex, 'jira').upsertBugs([
        ...BUGS,
        ...created('LAB-NEW', 'payments-labs', recentDay, 10, 10),
      ]);
      const org = Organisation.fromEntities(groups, [...components, labs]);
      const filtered = readInitiatives(
        new ConfigReader({
          quality: {
            initiatives: [
              {
                ...CONFIG.get<any[]>('quality.initiatives')[0],
                filter: { lifecycle: ['production'] },
              },
            ],
          },
        }),
      )[0];
      const options = {
        metrics: new QualityMetrics(knex),
        org,
        now: NOW,
        defaultCeilings: DEFAULT_CEILINGS,
      };
      const payments = (report: any) =>
        node(report.scope, 'group:default/payments-squad').progress.current;

      const all = (await initiativeReport(
        readInitiatives(CONFIG)[0],
        options,
      ))!;
      expect(payments(all)).toMatchObject({ numerator: 12, denominator: 20 });
      expect(all.services).toBeUndefined();

      const production = (await initiativeReport(filtered, options))!;
      expect(production.services).toEqual({ lifecycle: ['production'] });
      expect(payments(production)).toMatchObject({
        numerator: 2,
        denominator: 10,
      });
      // 5 of 22 for commerce again: the experimental service adds nothing.
      expect(production.scope.progress.current).toMatchObject({
        numerator: 5,
        denominator: 22,
      });
      await knex.destroy();
    },
  );
});
