import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  closeOnContract,
  FakeVendor,
} from '@quality-pulse/plugin-quality-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { createProviderHarness } from '@quality-pulse/plugin-quality-backend/testUtils';
import {
  FakeOgIncident,
  startFakeOpsgenie,
} from './__testUtils__/fakeOpsgenie';
import { readOpsgenieConfig } from './config';
import { SelectorIncidentsProvider } from './SelectorIncidentsProvider';

jest.setTimeout(60_000);

const NOW = '2026-11-24T12:00:00.000Z';
const MIN = 60_000;
const KEY = 'og-quality-test';
const at = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * MIN).toISOString();

const ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'cart-service',
      annotations: { 'opsgenie.com/component-selector': 'tag:cart' },
    },
    spec: { type: 'service', owner: 'checkout-squad', lifecycle: 'production' },
  },
];

/** By hand: P1 impact 45 min, P2 15 min, P3 100 min; one open; one tagged for another service. */
function seed(): FakeOgIncident[] {
  const incident = (
    n: number,
    priority: string,
    start: string,
    minutes: number | undefined,
    tags = ['cart'],
  ): FakeOgIncident => ({
    id: `7041-${n}`,
    tinyId: String(1580 + n),
    message: `Cart incident ${n}`,
    status: minutes === undefined ? 'open' : 'closed',
    priority,
    tags,
    created: at(start, 3),
    updated: at(start, (minutes ?? 0) + 10),
    impactStart: start,
    impactEnd: minutes === undefined ? undefined : at(start, minutes),
  });
  return [
    incident(1, 'P1', '2026-11-02T07:00:00Z', 45),
    incident(2, 'P2', '2026-11-06T07:00:00Z', 15),
    incident(3, 'P3', '2026-11-09T07:00:00Z', 100),
    incident(4, 'P2', '2026-11-24T11:00:00Z', undefined),
    incident(5, 'P1', '2026-11-10T07:00:00Z', 5, ['search']),
  ];
}

describe('Opsgenie provider', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const vendors: FakeVendor[] = [];
  // Every request and response matched Opsgenie's published description.
  afterEach(() => closeOnContract(vendors, 'Opsgenie'));

  async function setup(
    databaseId: TestDatabaseId,
    incidents: FakeOgIncident[],
    extra: JsonObject = {},
  ) {
    const vendor = await startFakeOpsgenie(incidents, { limit: 2 });
    vendors.push(vendor);
    const settings = readOpsgenieConfig(
      new ConfigReader({
        quality: {
          providers: {
            opsgenie: { apiKey: KEY, baseUrl: vendor.url, ...extra },
          },
        },
      }),
    )!;
    const provider = new SelectorIncidentsProvider({
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
    'computes MTTR from impact start to end, as by hand, for the selector’s incidents (%p)',
    async databaseId => {
      const { harness, vendor } = await setup(databaseId, seed());
      await harness.sync();
      const summary = await harness.summary(
        'component:default/cart-service',
        Date.parse(NOW),
        90,
      );
      // P0+P1: 45 and 15 → median 30, p90 42, mean 30. All: 15, 45, 100 → median 45.
      expect(summary.mttr.critical).toEqual({
        count: 2,
        medianMs: 30 * MIN,
        p90Ms: 42 * MIN,
        meanMs: 30 * MIN,
      });
      expect(summary.mttr.overall).toMatchObject({
        count: 3,
        medianMs: 45 * MIN,
      });
      expect(
        (await harness.incidents()).map(i => [
          i.title,
          i.severity,
          i.resolvedAt !== null,
        ]),
      ).toEqual([
        ['#1581 Cart incident 1', 'P0', true],
        ['#1582 Cart incident 2', 'P1', true],
        ['#1583 Cart incident 3', 'P2', true],
        ['#1584 Cart incident 4', 'P1', false],
      ]);
      // updatedAt is no search field of incidents: windows go by creation.
      expect(vendor.requests[0].query.get('query')).toBe(
        `(tag:cart) AND createdAt >= ${Date.parse(NOW) - 365 * 86_400_000}`,
      );
      expect(vendor.requests[0].headers.authorization).toBe(`GenieKey ${KEY}`);
      expect(harness.logs.join('\n')).not.toContain(KEY);
    },
  );

  it.each(databases.eachSupportedId())(
    'retries a 429 and a 503, then reads only what changed (%p)',
    async databaseId => {
      const incidents = seed();
      const { harness, vendor } = await setup(databaseId, incidents);
      vendor.failNext(() => true, {
        status: 429,
        headers: { 'retry-after': '1', 'x-ratelimit-state': 'THROTTLED' },
        body: { message: 'Too many requests', took: 0, requestId: 'r' },
      });
      vendor.failNext(() => true, { status: 503, body: 'Service Unavailable' });
      await harness.sync();
      expect(await harness.incidents()).toHaveLength(4);
      Object.assign(incidents[3], {
        status: 'resolved',
        impactEnd: '2026-11-24T12:05:00Z',
        updated: '2026-11-24T12:06:00Z',
      });
      const before = vendor.requests.length;
      await harness.sync();
      // New ones since the last run began, the open ones now, then the one
      // stored open that no longer is, by id.
      expect(
        vendor.requests.slice(before).map(r => r.query.get('query') ?? r.path),
      ).toEqual([
        `(tag:cart) AND createdAt >= ${Date.parse('2026-11-24T11:55:00Z')}`,
        '(tag:cart) AND status: open',
        '/v1/incidents/7041-4',
      ]);
      expect((await harness.incidents())[3].resolvedAt).toBe(
        '2026-11-24T12:05:00.000Z',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'skips a malformed incident and reports a rejected key (%p)',
    async databaseId => {
      const incidents = seed();
      incidents[0].raw = { message: 42 };
      const { harness } = await setup(databaseId, incidents);
      await harness.sync();
      expect(await harness.incidents()).toHaveLength(3);
      expect((await harness.syncStatus())[0]).toMatchObject({
        itemsSkipped: 1,
        lastError: null,
      });
      const rejected = await setup(databaseId, seed(), { apiKey: 'revoked' });
      await rejected.harness.sync();
      expect((await rejected.harness.syncStatus())[0].lastError).toMatch(
        /^Opsgenie incidents: HTTP 401 .*Could not authenticate/,
      );
    },
  );
});
