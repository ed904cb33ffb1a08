import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  closeOnContract,
  FakeVendor,
} from '@quality-pulse/plugin-quality-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { createProviderHarness } from '@quality-pulse/plugin-quality-backend/testUtils';
import { FakeRootlyAccount, startFakeRootly } from './__testUtils__/fakeRootly';
import { readRootlyConfig } from './config';
import { RootlyQualityProvider } from './RootlyQualityProvider';

jest.setTimeout(60_000);

const NOW = '2026-11-24T12:00:00.000Z';
const MIN = 60_000;
const KEY = 'rootly_quality_test';
const at = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * MIN).toISOString();

const ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'identity-service',
      annotations: { 'rootly.com/service-id': 'svc-idn' },
    },
    spec: { type: 'service', owner: 'identity-squad', lifecycle: 'production' },
  },
];

/** By hand: SEV0 restored in 25 min, SEV1 in 75, SEV2 in 5; one live; one test; one for another service. */
function seedAccount(): FakeRootlyAccount {
  const account = new FakeRootlyAccount();
  const add = (
    n: number,
    severity: string,
    started: string,
    minutes: number | undefined,
    extra: Partial<(typeof account.incidents)[0]> = {},
  ) =>
    account.incidents.push({
      id: `inc-${n}`,
      number: n,
      title: `Incident ${n}`,
      status: minutes === undefined ? 'started' : 'resolved',
      severity,
      services: ['svc-idn'],
      created: at(started, 2),
      updated:
        minutes === undefined ? at(started, 2) : at(started, minutes + 1),
      started,
      acknowledged: at(started, 3),
      resolved: minutes === undefined ? undefined : at(started, minutes),
      ...extra,
    });
  add(1, 'SEV0', '2026-11-03T08:00:00Z', 25);
  add(2, 'SEV1', '2026-11-07T08:00:00Z', 75);
  add(3, 'SEV2', '2026-11-11T08:00:00Z', 5);
  add(4, 'SEV1', '2026-11-24T11:00:00Z', undefined);
  add(5, 'SEV0', '2026-11-12T08:00:00Z', 1, { kind: 'test' });
  add(6, 'SEV0', '2026-11-13T08:00:00Z', 30, { services: ['svc-other'] });
  account.postmortems.push(
    {
      id: 'pm-1',
      incidentId: 'inc-1',
      title: 'Login outage',
      status: 'published',
      url: 'https://rootly.com/account/post_mortems/pm-1',
      updated: '2026-11-06T10:00:00Z',
      content: [
        '## What happened',
        'Logins failed for 25 minutes.',
        '## Why it happened',
        'A key rotation left the old key unreadable.',
        '## What we are changing',
        '- [ ] Alert on key age — owner: identity-squad, due: 2026-12-01',
        '## What we are not changing',
        'The rotation schedule.',
      ].join('\n'),
    },
    {
      id: 'pm-2',
      incidentId: 'inc-2',
      title: 'Token refresh',
      status: 'draft',
      url: 'https://rootly.com/account/post_mortems/pm-2',
      updated: '2026-11-09T10:00:00Z',
    },
    // Published without a url of its own: read on the incident's page.
    {
      id: 'pm-3',
      incidentId: 'inc-3',
      title: 'Session cache',
      status: 'published',
      updated: '2026-11-12T10:00:00Z',
    },
  );
  return account;
}

describe('Rootly provider', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const vendors: FakeVendor[] = [];
  // Every request and response matched Rootly's published description.
  afterEach(() => closeOnContract(vendors, 'Rootly'));

  async function setup(
    databaseId: TestDatabaseId,
    account: FakeRootlyAccount,
    options: { extra?: JsonObject; beforePage?: () => void } = {},
  ) {
    const vendor = await startFakeRootly(account, {
      pageSize: 2,
      beforePage: options.beforePage,
    });
    vendors.push(vendor);
    const settings = readRootlyConfig(
      new ConfigReader({
        quality: {
          providers: {
            rootly: { apiKey: KEY, baseUrl: vendor.url, ...options.extra },
          },
        },
      }),
    )!;
    const provider = new RootlyQualityProvider({
      ...settings,
      schedule: undefined,
      now: () => new Date(NOW),
    });
    const harness = await createProviderHarness({
      knex: await databases.init(databaseId),
      provider,
      entities: ENTITIES,
    });
    return { harness, vendor };
  }

  it.each(databases.eachSupportedId())(
    'computes MTTR from Rootly’s own times, as by hand, and links published post-mortems (%p)',
    async databaseId => {
      const { harness, vendor } = await setup(databaseId, seedAccount());
      await harness.sync();
      const summary = await harness.summary(
        'component:default/identity-service',
        Date.parse(NOW),
        90,
      );
      // P0+P1: 25 and 75 → median 50, p90 70, mean 50. All: 5, 25, 75 → median 25.
      expect(summary.mttr.critical).toEqual({
        count: 2,
        medianMs: 50 * MIN,
        p90Ms: 70 * MIN,
        meanMs: 50 * MIN,
      });
      expect(summary.mttr.overall).toMatchObject({
        count: 3,
        medianMs: 25 * MIN,
      });
      const incidents = await harness.incidents();
      expect(
        incidents.map(i => [
          i.title,
          i.severity,
          i.acknowledgedAt !== null,
          i.resolvedAt !== null,
        ]),
      ).toEqual([
        ['#1 Incident 1', 'P0', true, true],
        ['#2 Incident 2', 'P1', true, true],
        ['#3 Incident 3', 'P2', true, true],
        ['#4 Incident 4', 'P1', true, false],
      ]);
      // Published retrospectives come included with their incident; a draft does not count.
      expect(
        (await harness.postmortems()).map(p => [p.url, p.subjects]),
      ).toEqual([
        [
          'https://rootly.com/account/post_mortems/pm-1',
          ['incident:inc-1:component:default/identity-service'],
        ],
        [
          'https://rootly.com/account/incidents/3',
          ['incident:inc-3:component:default/identity-service'],
        ],
      ]);
      expect(
        vendor.requests.every(
          r => r.query.get('include') === 'incident_post_mortem',
        ),
      ).toBe(true);
      // Pages follow the cursor, not an offset Rootly caps.
      expect(vendor.requests.some(r => r.query.has('page[after]'))).toBe(true);
      expect(vendor.requests.some(r => r.query.has('page[number]'))).toBe(
        false,
      );
      expect(vendor.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
      expect(harness.logs.join('\n')).not.toContain(KEY);
    },
  );

  it.each(databases.eachSupportedId())(
    'reads only updates since the last run, resumes from its page, and retries 429 and 5xx (%p)',
    async databaseId => {
      const account = seedAccount();
      const run = new AbortController();
      let pages = 0;
      const { harness, vendor } = await setup(databaseId, account, {
        beforePage: () => {
          if (++pages === 2) run.abort(new Error('task timed out'));
        },
      });
      await harness.sync(run.signal);
      expect(JSON.parse((await harness.cursor('incidents'))!).pageToken).toBe(
        'inc-2',
      );
      vendor.failNext(r => r.path === '/v1/incidents', {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { errors: [{ title: 'Too many requests', status: '429' }] },
      });
      vendor.failNext(r => r.path === '/v1/incidents', {
        status: 500,
        body: { errors: [{ title: 'Internal error', status: '500' }] },
      });
      await harness.sync();
      expect(await harness.incidents()).toHaveLength(4);
      const live = account.incidents.find(i => i.id === 'inc-4')!;
      Object.assign(live, {
        status: 'resolved',
        resolved: '2026-11-24T12:10:00Z',
        updated: '2026-11-24T12:11:00Z',
      });
      const before = vendor.requests.length;
      await harness.sync();
      const since = vendor.requests
        .slice(before)
        .find(r => r.path === '/v1/incidents')!
        .query.get('filter[updated_at][gte]');
      expect(since).toBe('2026-11-24T11:55:00.000Z');
      expect(
        (await harness.incidents()).find(i => i.title === '#4 Incident 4')
          ?.resolvedAt,
      ).toBe('2026-11-24T12:10:00.000Z');
      expect(
        (await harness.syncStatus()).every(s => s.lastError === null),
      ).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'reads on past an empty page that still names a next cursor (%p)',
    async databaseId => {
      const { harness, vendor } = await setup(databaseId, seedAccount());
      // Filtered server-side, a page can come back empty with more after it.
      vendor.failNext(r => r.path === '/v1/incidents', {
        body: {
          data: [],
          links: {
            self: '/v1/incidents?page[number]=1',
            first: '/v1/incidents?page[number]=1',
            prev: null,
            next: '/v1/incidents?page[number]=2',
            last: '/v1/incidents?page[number]=2',
          },
          meta: {
            next_cursor: 'cursor-past-empty',
            current_page: 1,
            next_page: 2,
            prev_page: null,
            total_count: 4,
            total_pages: 2,
          },
        },
      });
      await harness.sync();
      const lists = vendor.requests.filter(r => r.path === '/v1/incidents');
      expect(lists[1].query.get('page[after]')).toBe('cursor-past-empty');
      expect(await harness.incidents()).toHaveLength(4);
    },
  );

  it.each(databases.eachSupportedId())(
    'skips a malformed incident and reports a rejected key (%p)',
    async databaseId => {
      const account = seedAccount();
      account.incidents[0].raw = { title: null };
      const { harness } = await setup(databaseId, account);
      await harness.sync();
      expect(await harness.incidents()).toHaveLength(3);
      expect(
        (await harness.syncStatus()).find(s => s.scope === 'incidents'),
      ).toMatchObject({ itemsSkipped: 1, lastError: null });

      const rejected = await setup(databaseId, seedAccount(), {
        extra: { apiKey: 'revoked' },
      });
      await rejected.harness.sync();
      const status = await rejected.harness.syncStatus();
      expect(status.find(s => s.scope === 'incidents')?.lastError).toBe(
        'Rootly incidents: HTTP 401 Unauthorized',
      );
      const summary = await rejected.harness.summary(
        'component:default/identity-service',
        Date.parse(NOW),
      );
      expect(summary.sources[0].lastError).toMatch(/HTTP 401/);
    },
  );
});
