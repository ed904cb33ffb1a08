import { createBackendModule } from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  NormalisedBug,
  qualityProvidersExtensionPoint,
} from '@quality-pulse/plugin-quality-node';
import {
  getAsUser,
  startQualityBackend,
} from '../__testUtils__/qualityTestBackend';
import { testComponent, testGroup } from '../__testUtils__/catalogEntities';
import { contractErrors } from '../__testUtils__/contract';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// hidden-service is not in the catalog the caller sees: its data must never show.
const catalog = [
  testGroup('acme', { type: 'organization' }),
  testGroup('commerce', { type: 'department', parent: 'acme' }),
  testGroup('payments-squad', {
    parent: 'commerce',
    annotations: {
      'quality.backstage.io/budget-max-open-p2': '2',
    },
  }),
  testGroup('checkout-squad', { parent: 'commerce' }),
  testComponent('payments-api', { owner: 'payments-squad' }),
  testComponent('ledger', { owner: 'payments-squad' }),
  testComponent('checkout-web', { owner: 'checkout-squad' }),
];

const fixtureModule = createBackendModule({
  pluginId: 'quality',
  moduleId: 'org-fixture',
  register(reg) {
    reg.registerInit({
      deps: { providers: qualityProvidersExtensionPoint },
      async init({ providers }) {
        providers.addProvider({
          id: 'fixture',
          reads: ['bugs', 'incidents'],
          async sync({ sink }) {
            const now = Date.now();
            const openBug = (
              id: string,
              entity: string,
              severity: 'P1' | 'P2' | 'P3',
              daysAgo: number,
            ): NormalisedBug => ({
              externalId: id,
              title: id,
              escaped: false,
              history: [
                {
                  at: new Date(now - daysAgo * DAY),
                  status: 'open',
                  severity,
                  entityRef: `component:default/${entity}`,
                },
              ],
            });
            await sink.upsertBugs([
              openBug('PAY-1', 'payments-api', 'P2', 10),
              openBug('PAY-2', 'payments-api', 'P2', 3),
              openBug('PAY-3', 'payments-api', 'P1', 8),
              openBug('LED-1', 'ledger', 'P2', 20),
              openBug('CHK-1', 'checkout-web', 'P3', 2),
              ...[1, 2, 3, 4, 5].map(n =>
                openBug(`HID-${n}`, 'hidden-service', 'P2', 30),
              ),
            ]);
            const incident = (
              id: string,
              entity: string,
              severity: 'P0' | 'P1' | 'P2',
              minutes: number,
            ) => ({
              externalId: id,
              entityRef: `component:default/${entity}`,
              title: id,
              severity,
              startedAt: new Date(now - DAY - minutes * MINUTE),
              resolvedAt: new Date(now - DAY),
            });
            await sink.upsertIncidents([
              incident('I-1', 'payments-api', 'P1', 30),
              incident('I-2', 'payments-api', 'P1', 90),
              incident('I-3', 'ledger', 'P0', 60),
              incident('I-4', 'checkout-web', 'P2', 120),
              incident('I-5', 'hidden-service', 'P0', 999),
            ]);
          },
        });
      },
    });
  },
});

describe('squad and org views', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function start(databaseId: TestDatabaseId) {
    return startQualityBackend({
      knex: await databases.init(databaseId),
      entities: catalog,
      features: [fixtureModule],
    });
  }
  const get = getAsUser;

  it.each(databases.eachSupportedId())(
    'a squad sees what it owns, its budget and what consumes it, on %p',
    async id => {
      const backend = await start(id);
      const response = await get(
        backend.server,
        '/v1/groups/default/payments-squad/summary',
      );
      expect(response.status).toBe(200);
      expect(contractErrors(response.body, 'SquadQualitySummary')).toEqual([]);
      const squad = response.body;
      expect(squad.entityRefs).toEqual([
        'component:default/ledger',
        'component:default/payments-api',
      ]);
      expect(squad.openBugs.total).toBe(4);
      // P0 + P1 incidents: 30, 60, 90 minutes.
      expect(squad.mttr.critical).toEqual({
        count: 3,
        medianMs: 60 * MINUTE,
        p90Ms: 84 * MINUTE,
        meanMs: 60 * MINUTE,
      });
      // Three open P2 against the group's own ceiling of 2, and a P1 open for 8 days: breached.
      expect(squad.budget).toEqual({
        state: 'breached',
        ceilings: { maxOpenP2: 2, maxAgedCritical: 0, criticalMaxAgeDays: 7 },
        overrides: ['maxOpenP2'],
        openP2: { used: 3, ceiling: 2 },
        agedCritical: { used: 1, ceiling: 0, nearlyAged: 1 },
      });
      expect(
        squad.budgetConsumers.map((c: any) => [
          c.externalId,
          c.severity,
          c.ageDays,
        ]),
      ).toEqual([
        ['LED-1', 'P2', 20],
        ['PAY-1', 'P2', 10],
        ['PAY-3', 'P1', 8],
        ['PAY-2', 'P2', 3],
      ]);
      expect(
        squad.entities.map((e: any) => [e.entityRef, e.openBugs.total]),
      ).toEqual([
        ['component:default/ledger', 1],
        ['component:default/payments-api', 3],
      ]);
      await backend.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'the org overview is the group tree with exact rollups on %p',
    async id => {
      const backend = await start(id);
      const response = await get(
        backend.server,
        '/v1/org/overview?windowDays=30',
      );
      expect(response.status).toBe(200);
      expect(contractErrors(response.body, 'OrgQualityOverview')).toEqual([]);
      const [acme] = response.body.roots;
      expect(response.body.roots).toHaveLength(1);
      const commerce = acme.children[0];
      expect(commerce.children.map((c: any) => c.groupRef)).toEqual([
        'group:default/checkout-squad',
        'group:default/payments-squad',
      ]);
      const [checkout, payments] = commerce.children;

      // hidden-service's five P2 bugs and its 999-minute incident count nowhere.
      expect(acme.openBugs.total).toBe(5);
      expect(acme.entityCount).toBe(3);
      // All incidents of commerce: 30, 60, 90, 120 minutes → median 75.
      expect(commerce.mttr.overall).toEqual({
        count: 4,
        medianMs: 75 * MINUTE,
        p90Ms: 111 * MINUTE,
        meanMs: 75 * MINUTE,
      });
      expect(checkout.mttr.critical).toEqual({
        count: 0,
        medianMs: null,
        p90Ms: null,
        meanMs: null,
      });
      expect(payments.mttr.critical.medianMs).toBe(60 * MINUTE);

      expect(checkout.budget.state).toBe('within');
      expect(payments.budget.state).toBe('breached');
      // Departments and the org have no ceiling of their own: they count their squads' states.
      expect(acme.budget).toBeNull();
      expect(commerce.budget).toBeNull();
      expect(acme.squadBudgets).toEqual({ within: 1, atRisk: 0, breached: 1 });
      await backend.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'squad and org burn-downs count what they own, hidden services left out, on %p',
    async id => {
      const backend = await start(id);
      const squad = await get(
        backend.server,
        '/v1/groups/default/payments-squad/timeseries?windowDays=30',
      );
      expect(squad.status).toBe(200);
      expect(contractErrors(squad.body, 'SquadQualityTimeSeries')).toEqual([]);
      const days = squad.body.burnDown;
      expect(days).toHaveLength(31);
      // Today: PAY-1, PAY-2, PAY-3 and LED-1. Eleven days ago only LED-1 was open.
      expect(days.at(-1).total).toBe(4);
      expect(days.at(-1).bySeverity).toMatchObject({ P1: 1, P2: 3 });
      expect(days.at(-12).total).toBe(1);

      const org = await get(backend.server, '/v1/org/timeseries?windowDays=30');
      expect(org.status).toBe(200);
      expect(contractErrors(org.body, 'OrgQualityTimeSeries')).toEqual([]);
      // Five open bugs of visible services; hidden-service's five P2 never count.
      expect(org.body.burnDown.at(-1).total).toBe(5);
      await backend.stop();
    },
  );

  it('answers unknown and malformed groups with 404 and 400', async () => {
    const backend = await start('SQLITE_3');
    expect(
      (await get(backend.server, '/v1/groups/default/nobody/summary')).status,
    ).toBe(404);
    const bad = await get(
      backend.server,
      '/v1/groups/default/no_such!/summary',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'name "no_such!" is not a valid entity name',
    );
    const badWindow = await get(
      backend.server,
      '/v1/org/overview?from=2026-02-30&to=2026-03-01',
    );
    expect(badWindow.status).toBe(400);
    expect(badWindow.body.error.message).toBe(
      'from is not a calendar date: "2026-02-30"',
    );
    await backend.stop();
  });
});
