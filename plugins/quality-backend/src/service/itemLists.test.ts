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
// Requests measure windows from the clock; the fixture is dated from the same clock.
const NOW = Date.now();

const catalog = [
  testGroup('payments-squad'),
  testComponent('payments-api', { owner: 'payments-squad' }),
  testComponent('ledger', { owner: 'payments-squad' }),
];
const ref = (name: string) => `component:default/${name}`;

function bug(
  id: string,
  entity: string,
  options: {
    severity: 'P1' | 'P2' | 'P3';
    daysAgo: number;
    escaped?: boolean;
    closedDaysAgo?: number;
  },
): NormalisedBug {
  const opened = {
    at: new Date(NOW - options.daysAgo * DAY),
    status: 'open' as const,
    severity: options.severity,
    entityRef: ref(entity),
  };
  const closed =
    options.closedDaysAgo === undefined
      ? []
      : [
          {
            ...opened,
            at: new Date(NOW - options.closedDaysAgo * DAY),
            status: 'closed' as const,
          },
        ];
  return {
    externalId: id,
    title: `Bug ${id}`,
    url: `https://tracker.example/${id}`,
    escaped: options.escaped ?? false,
    history: [opened, ...closed],
  };
}

/** Resolved `daysAgo` days before NOW after `minutes` of outage. */
function incident(
  id: string,
  entity: string,
  severity: 'P0' | 'P1' | 'P2',
  daysAgo: number,
  minutes: number,
) {
  return {
    externalId: id,
    entityRef: ref(entity),
    title: `Incident ${id}`,
    url: `https://pager.example/${id}`,
    severity,
    startedAt: new Date(NOW - daysAgo * DAY - minutes * MINUTE),
    resolvedAt: new Date(NOW - daysAgo * DAY),
  };
}

const fixtureModule = createBackendModule({
  pluginId: 'quality',
  moduleId: 'items-fixture',
  register(reg) {
    reg.registerInit({
      deps: { providers: qualityProvidersExtensionPoint },
      async init({ providers }) {
        providers.addProvider({
          id: 'fixture',
          reads: ['bugs', 'incidents', 'postmortems', 'deployments'],
          async sync({ sink }) {
            await sink.upsertBugs([
              bug('PAY-1', 'payments-api', { severity: 'P2', daysAgo: 10 }),
              bug('PAY-2', 'payments-api', {
                severity: 'P1',
                daysAgo: 5,
                escaped: true,
              }),
              bug('PAY-3', 'payments-api', {
                severity: 'P3',
                daysAgo: 20,
                escaped: true,
                closedDaysAgo: 2,
              }),
              bug('PAY-4', 'payments-api', {
                severity: 'P2',
                daysAgo: 200,
                closedDaysAgo: 150,
              }),
              bug('LED-1', 'ledger', { severity: 'P2', daysAgo: 3 }),
            ]);
            await sink.upsertIncidents([
              // Newest week (the last 7 days): 30 and 90 minutes, P1.
              incident('I-1', 'payments-api', 'P1', 1, 30),
              incident('I-2', 'payments-api', 'P1', 6, 90),
              // The week before: a P2 of 120 minutes only.
              incident('I-3', 'payments-api', 'P2', 9, 120),
              // Three weeks back: a P0 of 60 minutes.
              incident('I-4', 'payments-api', 'P0', 20, 60),
              // Outside a 30-day window.
              incident('I-5', 'payments-api', 'P0', 40, 500),
              incident('L-1', 'ledger', 'P1', 2, 10),
            ]);
            await sink.upsertDeployments(
              [1, 2, 3, 4, 5].map(n => ({
                externalId: `deploy-${n}`,
                entityRef: ref('payments-api'),
                deployedAt: new Date(NOW - n * DAY),
                remediation: n === 2,
                url: `https://ci.example/deploy-${n}`,
              })),
            );
            await sink.upsertPostmortems([
              {
                externalId: 'pm-1',
                entityRef: ref('payments-api'),
                title: 'Checkout double charge',
                url: 'https://docs.example/pm-1',
                publishedAt: new Date(NOW - 4 * DAY),
                complete: true,
                subjects: [
                  { kind: 'incident', externalId: 'I-2' },
                  { kind: 'bug', externalId: 'PAY-2' },
                ],
              },
              {
                externalId: 'pm-2',
                entityRef: ref('payments-api'),
                title: 'Slow ledger writes',
                url: 'https://docs.example/pm-2',
                subjects: [{ kind: 'incident', externalId: 'I-4' }],
              },
              {
                externalId: 'pm-old',
                entityRef: ref('payments-api'),
                title: 'Ancient outage',
                url: 'https://docs.example/pm-old',
                publishedAt: new Date(NOW - 120 * DAY),
                complete: false,
                subjects: [{ kind: 'incident', externalId: 'I-5' }],
              },
            ]);
          },
        });
      },
    });
  },
});

describe('the items behind the numbers, the MTTR trend and post-mortems', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function start(databaseId: TestDatabaseId) {
    return startQualityBackend({
      knex: await databases.init(databaseId),
      entities: catalog,
      features: [fixtureModule],
    });
  }
  const get = getAsUser;
  const entity = '/v1/entities/component/default/payments-api';

  it.each(databases.eachSupportedId())(
    'every list has exactly as many items as the number it explains, on %p',
    async id => {
      const backend = await start(id);
      const summary = (
        await get(backend.server, `${entity}/summary?windowDays=30`)
      ).body;
      const list = async (name: string, extra = '') => {
        const response = await get(
          backend.server,
          `${entity}/items?windowDays=30&list=${name}${extra}`,
        );
        expect([response.status, response.body.error]).toEqual([
          200,
          undefined,
        ]);
        expect(contractErrors(response.body, 'QualityItemPage')).toEqual([]);
        return response.body;
      };

      const open = await list('open-bugs');
      expect(open.total).toBe(summary.openBugs.total);
      expect(open.items.map((i: any) => i.externalId)).toEqual([
        'PAY-2',
        'PAY-1',
      ]);
      expect(open.items[0]).toMatchObject({
        kind: 'bug',
        source: 'fixture',
        title: 'Bug PAY-2',
        url: 'https://tracker.example/PAY-2',
        severity: 'P1',
        flagged: true,
        at: new Date(NOW - 5 * DAY).toISOString(),
      });
      const escaped = await list('escaped-bugs');
      expect(escaped.total).toBe(summary.escapedDefectRate.numerator);
      expect(escaped.total).toBe(2);
      const created = await list('created-bugs');
      expect(created.total).toBe(summary.escapedDefectRate.denominator);
      expect(created.total).toBe(3);

      const resolved = await list('resolved-incidents');
      expect(resolved.total).toBe(summary.mttr.overall.count);
      expect(resolved.items[0]).toMatchObject({
        externalId: 'I-1',
        durationMs: 30 * MINUTE,
        flagged: null,
      });
      const critical = await list('resolved-incidents', '&severity=P0%2CP1');
      expect(critical.total).toBe(summary.mttr.critical.count);
      expect(critical.total).toBe(3);

      expect((await list('deployments')).total).toBe(
        summary.reworkRate.denominator,
      );
      const remediation = await list('remediation-deployments');
      expect(remediation.total).toBe(summary.reworkRate.numerator);
      expect(remediation.items).toEqual([
        expect.objectContaining({
          kind: 'deployment',
          externalId: 'deploy-2',
          severity: null,
          flagged: true,
          url: 'https://ci.example/deploy-2',
        }),
      ]);

      // Pages follow the same order and keep the total.
      const page = await list('resolved-incidents', '&limit=2&offset=2');
      expect(page.total).toBe(4);
      expect(page.items.map((i: any) => i.externalId)).toEqual(['I-3', 'I-4']);
      await backend.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'a squad list covers everything the squad owns, on %p',
    async id => {
      const backend = await start(id);
      const response = await get(
        backend.server,
        '/v1/groups/default/payments-squad/items?list=open-bugs&severity=P2',
      );
      expect(response.status).toBe(200);
      expect(
        response.body.items.map((i: any) => [i.externalId, i.entityRef]),
      ).toEqual([
        ['LED-1', ref('ledger')],
        ['PAY-1', ref('payments-api')],
      ]);
      await backend.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'the MTTR trend has a median per week, gaps where nothing was resolved, on %p',
    async id => {
      const backend = await start(id);
      const response = await get(
        backend.server,
        `${entity}/timeseries?windowDays=30`,
      );
      expect(response.status).toBe(200);
      expect(contractErrors(response.body, 'EntityQualityTimeSeries')).toEqual(
        [],
      );
      const weeks = response.body.mttrWeekly;
      // 30 days: two days, then four whole weeks up to the window's end.
      const end = Date.parse(response.body.window.end);
      expect(
        weeks.map((w: any) => [Date.parse(w.start), Date.parse(w.end)]),
      ).toEqual([
        [end - 30 * DAY, end - 28 * DAY],
        [end - 28 * DAY, end - 21 * DAY],
        [end - 21 * DAY, end - 14 * DAY],
        [end - 14 * DAY, end - 7 * DAY],
        [end - 7 * DAY, end],
      ]);
      expect(weeks[4].critical).toMatchObject({
        count: 2,
        medianMs: 60 * MINUTE,
      });
      // Only a P2 that week: no critical median, an overall one.
      expect(weeks[3].critical).toMatchObject({ count: 0, medianMs: null });
      expect(weeks[3].overall).toMatchObject({
        count: 1,
        medianMs: 120 * MINUTE,
      });
      expect(weeks[2].critical.medianMs).toBe(60 * MINUTE);
      expect(weeks[0].overall.count).toBe(0);
      const counted = weeks.reduce(
        (n: number, w: any) => n + w.overall.count,
        0,
      );
      expect(counted).toBe(4);
      await backend.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'post-mortems list what they document, drafts first, old ones left out, on %p',
    async id => {
      const backend = await start(id);
      const response = await get(
        backend.server,
        `${entity}/postmortems?windowDays=30`,
      );
      expect(response.status).toBe(200);
      expect(contractErrors(response.body, 'EntityPostmortems')).toEqual([]);
      const [draft, published, ...rest] = response.body.postmortems;
      expect(rest).toEqual([]);
      expect(draft).toMatchObject({
        externalId: 'pm-2',
        publishedAt: null,
        complete: null,
        severity: 'P0',
      });
      expect(published).toEqual({
        id: expect.any(Number),
        assessment: null,
        notAssessedReason: null,
        actions: [],
        followUpDueAt: new Date(NOW + 24 * DAY).toISOString(),
        review: null,
        source: 'fixture',
        externalId: 'pm-1',
        title: 'Checkout double charge',
        url: 'https://docs.example/pm-1',
        publishedAt: new Date(NOW - 4 * DAY).toISOString(),
        complete: true,
        severity: 'P1',
        subjects: [
          {
            kind: 'bug',
            source: 'fixture',
            externalId: 'PAY-2',
            title: 'Bug PAY-2',
            url: 'https://tracker.example/PAY-2',
            severity: 'P1',
          },
          {
            kind: 'incident',
            source: 'fixture',
            externalId: 'I-2',
            title: 'Incident I-2',
            url: 'https://pager.example/I-2',
            severity: 'P1',
          },
        ],
      });
      await backend.stop();
    },
  );

  it('names the bad field of an items request', async () => {
    const backend = await start('SQLITE_3');
    const message = async (query: string) => {
      const response = await get(backend.server, `${entity}/items?${query}`);
      expect(response.status).toBe(400);
      return response.body.error.message;
    };
    expect(await message('list=everything')).toMatch(/list/);
    expect(await message('')).toMatch(/list/);
    expect(await message('list=open-bugs&severity=P9')).toMatch(/severity/);
    expect(await message('list=deployments&severity=P1')).toBe(
      'severity does not apply to the list deployments',
    );
    expect(await message('list=open-bugs&limit=500')).toMatch(/limit/);
    await backend.stop();
  });
});
