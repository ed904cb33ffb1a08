import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import {
  closeOnContract,
  FakeVendor,
} from '@quality-pulse/plugin-quality-node/testUtils';
import qualityPlugin from '@quality-pulse/plugin-quality-backend';
import { createProviderHarness } from '@quality-pulse/plugin-quality-backend/testUtils';
import { createHmac } from 'crypto';
import request from 'supertest';
import {
  FakeIncidentIoAccount,
  startFakeIncidentIo,
} from './__testUtils__/fakeIncidentIo';
import { readIncidentIoConfig } from './config';
import { IncidentIoQualityProvider } from './IncidentIoQualityProvider';
import { qualityModuleIncidentIo } from './module';

jest.setTimeout(60_000);

const NOW = '2026-11-24T12:00:00.000Z';
const MIN = 60_000;
const KEY = 'inc_quality_test';

const component = (name: string, title?: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, ...(title ? { title } : {}), annotations: {} },
  spec: { type: 'service', owner: 'payments-squad', lifecycle: 'production' },
});
const ENTITIES = [
  component('payments-api'),
  component('checkout-web'),
  component('ledger-service'),
];

const at = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * MIN).toISOString();

/**
 * By hand: payments-api has INC-1 (Critical, 40 min from impact to resolution),
 * INC-2 (Major, 90 min, shared with checkout-web) and INC-3 (Minor, 15 min);
 * INC-4 is live; INC-5 is a test incident; INC-6 was declined.
 */
function seedAccount(): FakeIncidentIoAccount {
  const account = new FakeIncidentIoAccount();
  const t1 = '2026-11-02T09:00:00Z';
  account.create({
    name: 'Card payments failing',
    created: at(t1, 5),
    updated: at(t1, 41),
    severity: 'Critical',
    category: 'closed',
    services: ['payments-api'],
    postmortem: 'https://docs.acme.example/pm/inc-1',
    timestamps: {
      'Impact started': t1,
      'Accepted at': at(t1, 8),
      'Resolved at': at(t1, 40),
    },
  });
  const t2 = '2026-11-06T14:00:00Z';
  account.create({
    name: 'Checkout latency',
    created: t2,
    updated: at(t2, 95),
    severity: 'Major',
    category: 'learning',
    services: ['payments-api', 'checkout-web'],
    timestamps: { 'Reported at': t2, 'Resolved at': at(t2, 90) },
  });
  const t3 = '2026-11-10T08:00:00Z';
  account.create({
    name: 'Refund emails delayed',
    created: t3,
    updated: at(t3, 20),
    severity: 'Minor',
    category: 'closed',
    services: ['payments-api'],
    timestamps: { 'Reported at': t3, 'Resolved at': at(t3, 15) },
  });
  account.create({
    name: 'Ledger drift',
    created: '2026-11-24T10:00:00Z',
    severity: 'Major',
    category: 'live',
    services: ['ledger-service'],
    timestamps: { 'Reported at': '2026-11-24T10:00:00Z' },
  });
  account.create({
    name: 'Game day',
    mode: 'test',
    created: '2026-11-12T10:00:00Z',
    severity: 'Critical',
    category: 'closed',
    services: ['payments-api'],
    timestamps: { 'Resolved at': '2026-11-12T10:01:00Z' },
  });
  account.create({
    name: 'False alarm',
    created: '2026-11-13T10:00:00Z',
    severity: 'Minor',
    category: 'declined',
    services: ['payments-api'],
    timestamps: {},
  });
  return account;
}

function config(url: string, extra: JsonObject = {}): JsonObject {
  return {
    quality: {
      providers: {
        incidentIo: {
          apiKey: KEY,
          baseUrl: url,
          catalogField: 'Affected services',
          ...extra,
        },
      },
    },
  };
}

describe('incident.io provider', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const vendors: FakeVendor[] = [];
  // Every request and response matched incident.io's published description.
  afterEach(() => closeOnContract(vendors, 'incident.io'));

  async function setup(
    databaseId: TestDatabaseId,
    account: FakeIncidentIoAccount,
    options: {
      extra?: JsonObject;
      pageCap?: number;
      beforePage?: () => void;
    } = {},
  ) {
    const vendor = await startFakeIncidentIo(account, {
      pageCap: options.pageCap ?? 2,
      beforePage: options.beforePage,
    });
    vendors.push(vendor);
    const settings = readIncidentIoConfig(
      new ConfigReader(config(vendor.url, options.extra)),
    )!;
    const provider = new IncidentIoQualityProvider({
      ...settings,
      schedule: undefined,
      now: () => new Date(NOW),
    });
    const harness = await createProviderHarness({
      knex: await databases.init(databaseId),
      provider,
      entities: ENTITIES,
    });
    return { harness, vendor, provider };
  }

  it.each(databases.eachSupportedId())(
    'computes MTTR per service from impact to resolution, as by hand (%p)',
    async databaseId => {
      const { harness, vendor } = await setup(databaseId, seedAccount());
      await harness.sync();
      const payments = await harness.summary(
        'component:default/payments-api',
        Date.parse(NOW),
        90,
      );
      // P0+P1: 40 and 90 min → median 65, p90 40 + 0.9 × 50 = 85, mean 65.
      expect(payments.mttr.critical).toEqual({
        count: 2,
        medianMs: 65 * MIN,
        p90Ms: 85 * MIN,
        meanMs: 65 * MIN,
      });
      // All: 15, 40, 90 → median 40; the test and the declined incidents do not count.
      expect(payments.mttr.overall).toMatchObject({
        count: 3,
        medianMs: 40 * MIN,
      });
      const checkout = await harness.summary(
        'component:default/checkout-web',
        Date.parse(NOW),
        90,
      );
      expect(checkout.mttr.overall).toMatchObject({
        count: 1,
        medianMs: 90 * MIN,
      });
      const incidents = await harness.incidents();
      expect(
        incidents.map(i => [
          i.title,
          i.entityRef.split('/')[1],
          i.severity,
          i.acknowledgedAt,
        ]),
      ).toEqual([
        [
          'INC-1 Card payments failing',
          'payments-api',
          'P0',
          '2026-11-02T09:08:00.000Z',
        ],
        ['INC-2 Checkout latency', 'payments-api', 'P1', null],
        ['INC-2 Checkout latency', 'checkout-web', 'P1', null],
        ['INC-3 Refund emails delayed', 'payments-api', 'P2', null],
        ['INC-4 Ledger drift', 'ledger-service', 'P1', null],
      ]);
      expect((await harness.postmortems()).map(p => p.url)).toEqual([
        'https://docs.acme.example/pm/inc-1',
      ]);
      expect(vendor.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
      expect(
        vendor.requests.filter(r => r.query.has('after')).length,
      ).toBeGreaterThan(0);
      expect(harness.logs.join('\n')).not.toContain(KEY);
    },
  );

  it.each(databases.eachSupportedId())(
    'then reads only what was updated since the last run began (%p)',
    async databaseId => {
      const account = seedAccount();
      const { harness, vendor } = await setup(databaseId, account);
      await harness.sync();
      const live = account.incidents.find(i => i.reference === 'INC-4')!;
      Object.assign(live, {
        category: 'closed',
        updated: '2026-11-24T12:30:00Z',
      });
      live.timestamps['Resolved at'] = '2026-11-24T12:25:00Z';
      const before = vendor.requests.length;
      await harness.sync();
      const second = vendor.requests
        .slice(before)
        .filter(r => r.query.has('updated_at[gte]'));
      expect(second.map(r => r.query.get('updated_at[gte]'))).toEqual([
        '2026-11-24T11:55:00.000Z',
      ]);
      expect(
        (await harness.incidents()).find(i => i.title.startsWith('INC-4'))
          ?.resolvedAt,
      ).toBe('2026-11-24T12:25:00.000Z');
    },
  );

  it.each(databases.eachSupportedId())(
    'retries a 429 after Retry-After and a 503, and resumes after a crash (%p)',
    async databaseId => {
      const run = new AbortController();
      let pages = 0;
      const { harness, vendor } = await setup(databaseId, seedAccount(), {
        beforePage: () => {
          if (++pages === 3) run.abort(new Error('task timed out'));
        },
      });
      await harness.sync(run.signal);
      const checkpoint = JSON.parse((await harness.cursor('incidents'))!);
      expect(checkpoint.pageToken).toBeDefined();
      vendor.failNext(() => true, {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { type: 'rate_limited', status: 429, errors: [] },
      });
      vendor.failNext(() => true, { status: 503, body: 'Service Unavailable' });
      const before = vendor.requests.length;
      await harness.sync();
      expect(vendor.requests[before].query.get('after')).toBe(
        checkpoint.pageToken,
      );
      expect(await harness.incidents()).toHaveLength(5);
      expect((await harness.syncStatus())[0].lastError).toBeNull();
      expect(harness.logs.join('\n')).toMatch(
        /HTTP 429\), attempt 1; retrying in 1000 ms/,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'skips a malformed incident and reports a rejected key (%p)',
    async databaseId => {
      const account = seedAccount();
      account.incidents[1].raw = { incident_status: null };
      const { harness } = await setup(databaseId, account);
      await harness.sync();
      expect((await harness.syncStatus())[0]).toMatchObject({
        itemsSkipped: 1,
        lastError: null,
      });
      expect(await harness.incidents()).toHaveLength(3);

      const rejected = await setup(databaseId, seedAccount(), {
        extra: { apiKey: 'revoked' },
      });
      await rejected.harness.sync();
      expect((await rejected.harness.syncStatus())[0].lastError).toMatch(
        /^incident\.io incidents: HTTP 401 .*Invalid API key/,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'reads on past an empty page that still names a next cursor (%p)',
    async databaseId => {
      const { harness, vendor } = await setup(databaseId, seedAccount());
      // Filtered server-side, a page can come back empty with more after it.
      vendor.failNext(r => r.path === '/v2/incidents', {
        body: {
          incidents: [],
          pagination_meta: { after: 'cursor-past-empty', page_size: 2 },
        },
      });
      await harness.sync();
      const lists = vendor.requests.filter(r => r.path === '/v2/incidents');
      expect(lists[1].query.get('after')).toBe('cursor-past-empty');
      expect(await harness.incidents()).toHaveLength(5);
    },
  );
});

describe('incident.io webhooks', () => {
  it('sync at once on a signed delivery, refuse a forged one and ignore a replay', async () => {
    const secret = `whsec_${Buffer.from('incident-io-signing-key').toString(
      'base64',
    )}`;
    const account = seedAccount();
    const vendor = await startFakeIncidentIo(account);
    const backend = await startTestBackend({
      features: [
        qualityPlugin,
        qualityModuleIncidentIo,
        catalogServiceMock.factory({ entities: ENTITIES }),
        mockServices.rootConfig.factory({
          data: config(vendor.url, { webhookSecret: secret }),
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
    const body = JSON.stringify({
      event_type: 'public_incident.incident_updated_v2',
      public_incident: { id: account.incidents[0].id },
    });
    const send = (id: string, signWith = secret) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const key = Buffer.from(signWith.replace(/^whsec_/, ''), 'base64');
      const signature = createHmac('sha256', key)
        .update(`${id}.${timestamp}.${body}`)
        .digest('base64');
      return request(backend.server)
        .post('/api/quality/v1/webhooks/incident-io')
        .set({
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': timestamp,
          'webhook-signature': `v1,${signature}`,
        })
        .send(body);
    };
    expect(
      (await send('msg_1', `whsec_${Buffer.from('forged').toString('base64')}`))
        .status,
    ).toBe(401);
    expect(vendor.requests).toHaveLength(0);
    expect((await send('msg_2')).status).toBe(202);
    expect(vendor.requests.length).toBeGreaterThan(0);
    const summary = await request(backend.server)
      .get(
        '/api/quality/v1/entities/component/default/payments-api/summary?windowDays=90',
      )
      .set('authorization', mockCredentials.user.header());
    expect(summary.body.hasData).toBe(true);
    expect((await send('msg_2')).body).toEqual({ status: 'duplicate' });
    await backend.stop();
    await vendor.close();
  });
});
