import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  closeOnContract,
  FakeVendor,
} from '@quality-pulse/plugin-quality-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { createProviderHarness } from '@quality-pulse/plugin-quality-backend/testUtils';
import {
  FakePagerDutyAccount,
  startFakePagerDuty,
} from './__testUtils__/fakePagerDuty';
import { readPagerDutyConfig } from './config';
import { PagerDutyQualityProvider } from './PagerDutyQualityProvider';

jest.setTimeout(60_000);

const NOW = '2026-11-24T12:00:00.000Z';
const MIN = 60_000;
const TOKEN = 'pd_quality_test';

const ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      annotations: { 'pagerduty.com/service-id': 'PPAYAPI' },
    },
    spec: { type: 'service', owner: 'payments-squad', lifecycle: 'production' },
  },
];

const at = (iso: string, plusMinutes = 0) =>
  new Date(Date.parse(iso) + plusMinutes * MIN).toISOString();

/**
 * Restore times by hand: P1 (our P0) 30 min, P2 (our P1) 60 min, urgency-high without
 * priority (P1) 120 min, a low-urgency one (P3) 10 min; one still open.
 */
function seedAccount(): FakePagerDutyAccount {
  const account = new FakePagerDutyAccount();
  const a = account.create('PPAYAPI', '2026-11-01T10:00:00Z', {
    priority: 'P1',
    title: 'Checkout down',
  });
  account.acknowledge(a.id, at(a.created, 4));
  account.resolve(a.id, at(a.created, 30));
  a.notes.push({
    content: 'Post-mortem: https://docs.acme.example/pm/checkout-down (draft).',
    created: at(a.created, 2 * 24 * 60),
  });
  const b = account.create('PPAYAPI', '2026-11-05T10:00:00Z', {
    priority: 'P2',
    withoutResolvedAt: true,
  });
  account.acknowledge(b.id, at(b.created, 7));
  account.resolve(b.id, at(b.created, 60));
  const c = account.create('PPAYAPI', '2026-11-09T10:00:00Z', {
    urgency: 'high',
  });
  account.resolve(c.id, at(c.created, 120));
  const d = account.create('PPAYAPI', '2026-11-12T10:00:00Z', {
    urgency: 'low',
  });
  account.resolve(d.id, at(d.created, 10));
  account.create('PPAYAPI', '2026-11-24T11:00:00Z', {
    priority: 'P1',
    status: 'triggered',
  });
  account.create('POTHER1', '2026-11-02T10:00:00Z', { priority: 'P1' }); // another service
  return account;
}

describe('PagerDuty provider', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const vendors: FakeVendor[] = [];
  // Every request and response matched PagerDuty's published description.
  afterEach(() => closeOnContract(vendors, 'PagerDuty'));

  async function setup(
    databaseId: TestDatabaseId,
    account: FakePagerDutyAccount,
    options: {
      extra?: JsonObject;
      pageCap?: number;
      beforeList?: () => void;
      now?: () => string;
    } = {},
  ) {
    const vendor = await startFakePagerDuty(account, {
      pageCap: options.pageCap,
      beforeList: options.beforeList,
    });
    vendors.push(vendor);
    const settings = readPagerDutyConfig(
      new ConfigReader({
        quality: {
          providers: {
            pagerduty: { token: TOKEN, baseUrl: vendor.url, ...options.extra },
          },
        },
      }),
    )!;
    const provider = new PagerDutyQualityProvider({
      ...settings,
      schedule: undefined,
      now: () => new Date(options.now?.() ?? NOW),
    });
    const harness = await createProviderHarness({
      knex: await databases.init(databaseId),
      provider,
      entities: ENTITIES,
    });
    const lists = () => vendor.requests.filter(r => r.path === '/incidents');
    return { harness, vendor, provider, lists };
  }

  it.each(databases.eachSupportedId())(
    'computes MTTR from PagerDuty incidents exactly as by hand (%p)',
    async databaseId => {
      const { harness, vendor, lists } = await setup(databaseId, seedAccount());
      await harness.sync();
      const summary = await harness.summary(
        'component:default/payments-api',
        Date.parse(NOW),
        90,
      );
      // P0+P1: 30, 60 and 120 minutes → median 60, p90 60 + 0.8 × 60 = 108, mean 70.
      expect(summary.mttr.critical).toEqual({
        count: 3,
        medianMs: 60 * MIN,
        p90Ms: 108 * MIN,
        meanMs: 70 * MIN,
      });
      // All: 10, 30, 60, 120 → median 45, p90 60 + 0.7 × 60 = 102, mean 55.
      expect(summary.mttr.overall).toEqual({
        count: 4,
        medianMs: 45 * MIN,
        p90Ms: 102 * MIN,
        meanMs: 55 * MIN,
      });
      expect(vendor.requests[0].headers.authorization).toBe(
        `Token token=${TOKEN}`,
      );
      // The backfill asks in windows of at most six months: 365 days → three queries.
      expect(lists().filter(r => r.query.get('since')).length).toBe(3);
      expect(
        lists().every(
          r => r.query.getAll('service_ids[]').join() === 'PPAYAPI',
        ),
      ).toBe(true);
      expect(harness.logs.join('\n')).not.toContain(TOKEN);
    },
  );

  it.each(databases.eachSupportedId())(
    'reads acknowledge and resolve times from the log when the incident lacks them, and links the post-mortem note (%p)',
    async databaseId => {
      const { harness, vendor } = await setup(databaseId, seedAccount());
      await harness.sync();
      const incidents = await harness.incidents();
      expect(
        incidents.map(i => [
          i.title,
          i.severity,
          i.acknowledgedAt,
          i.resolvedAt,
        ]),
      ).toEqual([
        [
          '#1 Checkout down',
          'P0',
          '2026-11-01T10:04:00.000Z',
          '2026-11-01T10:30:00.000Z',
        ],
        [
          '#2 Incident 2',
          'P1',
          '2026-11-05T10:07:00.000Z',
          '2026-11-05T11:00:00.000Z',
        ],
        ['#3 Incident 3', 'P1', null, '2026-11-09T12:00:00.000Z'],
        ['#4 Incident 4', 'P3', null, '2026-11-12T10:10:00.000Z'],
        ['#5 Incident 5', 'P0', null, null],
      ]);
      expect(incidents[0].url).toBe(
        `https://acme.pagerduty.com/incidents/${incidents[0].externalId}`,
      );
      // The log is read only where the incident object lacks a time (resolved ones drop acknowledgements).
      expect(
        vendor.requests.filter(r => r.path.endsWith('/log_entries')),
      ).toHaveLength(4);
      expect(await harness.postmortems()).toEqual([
        {
          externalId: `${incidents[0].externalId}:postmortem`,
          entityRef: 'component:default/payments-api',
          url: 'https://docs.acme.example/pm/checkout-down',
          subjects: [`incident:${incidents[0].externalId}`],
        },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'then reads new incidents and asks again only about those it stored open (%p)',
    async databaseId => {
      const account = seedAccount();
      let now = NOW;
      const { harness, vendor, lists } = await setup(databaseId, account, {
        now: () => now,
      });
      await harness.sync();
      const open = [...account.incidents.values()].find(
        i => i.status === 'triggered' && i.service === 'PPAYAPI',
      )!;
      now = '2026-11-24T14:00:00.000Z';
      account.resolve(open.id, '2026-11-24T11:45:00Z');
      account.create('PPAYAPI', '2026-11-24T13:00:00Z', { priority: 'P3' });
      const before = vendor.requests.length;
      await harness.sync();
      const second = lists().filter(r => vendor.requests.indexOf(r) >= before);
      // From the last run's start less five minutes of clock skew, in one window.
      expect(
        second.filter(r => r.query.get('since')).map(r => r.query.get('since')),
      ).toEqual(['2026-11-24T11:55:00.000Z']);
      expect(
        vendor.requests
          .slice(before)
          .some(r => r.path === `/incidents/${open.id}`),
      ).toBe(true);
      const incidents = await harness.incidents();
      expect(incidents).toHaveLength(6);
      expect(incidents.find(i => i.externalId === open.id)?.resolvedAt).toBe(
        '2026-11-24T11:45:00.000Z',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'honours ratelimit-reset on a 429 and retries a 502 (%p)',
    async databaseId => {
      const { harness, vendor } = await setup(databaseId, seedAccount());
      let lists = 0;
      vendor.failNext(r => r.path === '/incidents' && ++lists === 2, {
        status: 429,
        headers: {
          'ratelimit-limit': '960',
          'ratelimit-remaining': '0',
          'ratelimit-reset': '1',
        },
        body: { error: { message: 'Rate Limit Exceeded', code: 2020 } },
      });
      vendor.failNext(r => r.path.endsWith('/log_entries'), {
        status: 502,
        body: 'Bad Gateway',
      });
      const started = Date.now();
      await harness.sync();
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(await harness.incidents()).toHaveLength(5);
      expect((await harness.syncStatus())[0].lastError).toBeNull();
      expect(harness.logs.join('\n')).toMatch(/HTTP 502\), attempt 1/);
    },
  );

  it.each(databases.eachSupportedId())(
    'resumes an interrupted backfill from its window and offset (%p)',
    async databaseId => {
      const account = new FakePagerDutyAccount();
      for (let i = 0; i < 12; i++) {
        const incident = account.create(
          'PPAYAPI',
          at('2026-10-01T00:00:00Z', i * 24 * 60),
          { priority: 'P3' },
        );
        account.resolve(incident.id, at(incident.created, 15));
      }
      const run = new AbortController();
      let count = 0;
      const { harness, lists } = await setup(databaseId, account, {
        pageCap: 5,
        beforeList: () => {
          if (++count === 4) run.abort(new Error('task timed out'));
        },
      });
      // The first six-month window is empty; the run dies on the third page of the second.
      await harness.sync(run.signal);
      expect(await harness.incidents()).toHaveLength(10);
      const checkpoint = JSON.parse((await harness.cursor('service PPAYAPI'))!);
      expect(checkpoint.resumeOffset).toBe(10);
      const before = lists().length;
      await harness.sync();
      expect(lists()[before].query.get('offset')).toBe('10');
      expect(lists()[before].query.get('since')).toBe(checkpoint.resumeFrom);
      expect(await harness.incidents()).toHaveLength(12);
    },
  );

  it.each(databases.eachSupportedId())(
    'reads past 10,000 incidents in a window by starting again at the last one read, and pages long logs (%p)',
    async databaseId => {
      const account = new FakePagerDutyAccount();
      // 10,050 incidents a minute apart in one six-month window, acknowledged
      // (so their times are on the incident: no log to read for each).
      for (let k = 0; k < 10_050; k += 1) {
        const incident = account.create(
          'PPAYAPI',
          at('2026-10-01T00:00:00Z', k),
          { urgency: 'low' },
        );
        account.acknowledge(incident.id, at(incident.created, 5));
      }
      const long = account.create('PPAYAPI', '2026-11-20T10:00:00Z', {
        priority: 'P1',
        withoutResolvedAt: true,
        annotations: 240,
      });
      account.acknowledge(long.id, at(long.created, 3));
      account.resolve(long.id, at(long.created, 45));
      const { harness, vendor, lists } = await setup(databaseId, account);
      await harness.sync();

      expect(await harness.incidents()).toHaveLength(10_051);
      const windows = lists().filter(r => r.query.get('since'));
      for (const request of windows) {
        expect(
          Number(request.query.get('offset')) +
            Number(request.query.get('limit')),
        ).toBeLessThanOrEqual(10_000);
      }
      // The second pass starts at the creation of the last incident the first reached.
      const restarts = windows.filter(
        (r, k) =>
          k > 0 &&
          r.query.get('offset') === '0' &&
          r.query.get('since') !== windows[k - 1].query.get('since'),
      );
      expect(restarts.map(r => r.query.get('since'))).toContain(
        at('2026-10-01T00:00:00Z', 9_999),
      );
      // The resolution is on the log's third page (243 entries, 100 a page).
      const logs = vendor.requests.filter(
        r => r.path === `/incidents/${long.id}/log_entries`,
      );
      expect(logs.map(r => r.query.get('offset'))).toEqual(['0', '100', '200']);
      const stored = (await harness.incidents()).find(
        i => i.externalId === long.id,
      );
      expect(stored?.resolvedAt).toBe(at(long.created, 45));
    },
  );

  it.each(databases.eachSupportedId())(
    'skips a malformed incident and reports a rejected key on the scope (%p)',
    async databaseId => {
      const account = seedAccount();
      account.create('PPAYAPI', 'not a date', { priority: 'P2' });
      const { harness, vendor } = await setup(databaseId, account);
      await harness.sync();
      expect(await harness.incidents()).toHaveLength(5);
      // The corrupt date was served knowingly, outside the description.
      expect(vendor.undocumentedResponses).toContain('GET /incidents → 200');
      expect((await harness.syncStatus())[0]).toMatchObject({
        itemsSkipped: 1,
        lastError: null,
      });
      expect((await harness.syncStatus())[0].lastSkipReason).toMatch(
        /created_at is not a date/,
      );

      const rejected = await setup(databaseId, seedAccount(), {
        extra: { token: 'revoked' },
      });
      await rejected.harness.sync();
      const [status] = await rejected.harness.syncStatus();
      expect(status.lastError).toBe(
        'PagerDuty incidents of service PPAYAPI: HTTP 401 Unauthorized',
      );
    },
  );
});
