import { TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createProviderHarness } from '@quality-pulse/plugin-quality-backend/testUtils';
import { FakeJsmAlert, startFakeJsmOps } from './__testUtils__/fakeOpsgenie';
import { readJsmOpsConfig } from './config';
import { jsmOpsSource } from './jsmOpsSource';
import { SelectorIncidentsProvider } from './SelectorIncidentsProvider';

jest.setTimeout(60_000);

const NOW = '2026-11-24T12:00:00.000Z';
const MIN = 60_000;
const CLOUD = 'a436116f-02ce-4520-8fbb-7301462a1674';

const ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    // The annotation a team used with Opsgenie stays as it moves to JSM.
    metadata: {
      name: 'cart-service',
      annotations: { 'opsgenie.com/component-selector': 'tag:cart' },
    },
    spec: { type: 'service', owner: 'checkout-squad', lifecycle: 'production' },
  },
];

/** The module's config for a JSM site served at `baseUrl`, as app-config gives it. */
function jsmSettings(baseUrl: string) {
  return readJsmOpsConfig(
    new ConfigReader({
      quality: {
        providers: {
          jsmOps: {
            cloudId: CLOUD,
            email: 'ops@acme.example',
            apiToken: 'jsm-token',
            baseUrl,
          },
        },
      },
    }),
  )!;
}

describe('JSM operations provider', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'turns alerts into incidents with MTTR as by hand, paging by offset (%p)',
    async databaseId => {
      const alerts: FakeJsmAlert[] = [
        {
          id: 'a-1',
          tinyId: '11',
          message: 'Cart API 5xx',
          status: 'closed',
          priority: 'P1',
          tags: ['cart'],
          created: '2026-11-03T10:00:00Z',
          updated: '2026-11-03T11:00:00Z',
          ackAfterMs: 4 * MIN,
          closeAfterMs: 35 * MIN,
        },
        {
          id: 'a-2',
          tinyId: '12',
          message: 'Cart latency',
          status: 'closed',
          priority: 'P2',
          tags: ['cart'],
          created: '2026-11-05T10:00:00Z',
          updated: '2026-11-05T12:00:00Z',
          closeAfterMs: 65 * MIN,
        },
        {
          id: 'a-3',
          tinyId: '13',
          message: 'Cart DB disk',
          status: 'open',
          priority: 'P3',
          tags: ['cart'],
          created: '2026-11-24T11:00:00Z',
          updated: '2026-11-24T11:00:00Z',
        },
        {
          id: 'a-4',
          tinyId: '14',
          message: 'Search down',
          status: 'closed',
          priority: 'P1',
          tags: ['search'],
          created: '2026-11-06T10:00:00Z',
          updated: '2026-11-06T10:30:00Z',
          closeAfterMs: 10 * MIN,
        },
      ];
      const vendor = await startFakeJsmOps(CLOUD, alerts, { size: 2 });
      const settings = jsmSettings(vendor.url);
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
      await harness.sync();
      expect(provider.id).toBe('jsm-ops');
      const summary = await harness.summary(
        'component:default/cart-service',
        Date.parse(NOW),
        90,
      );
      // P0+P1: 35 and 65 → median 50, p90 62, mean 50.
      expect(summary.mttr.critical).toEqual({
        count: 2,
        medianMs: 50 * MIN,
        p90Ms: 62 * MIN,
        meanMs: 50 * MIN,
      });
      expect(
        (await harness.incidents()).map(i => [
          i.title,
          i.acknowledgedAt,
          i.resolvedAt,
        ]),
      ).toEqual([
        [
          '#11 Cart API 5xx',
          '2026-11-03T10:04:00.000Z',
          '2026-11-03T10:35:00.000Z',
        ],
        ['#12 Cart latency', null, '2026-11-05T11:05:00.000Z'],
        ['#13 Cart DB disk', null, null],
      ]);
      expect(
        vendor.requests.map(r => [r.query.get('query'), r.query.get('offset')]),
      ).toEqual([
        [
          `(tag:cart) AND createdAt >= ${Date.parse(NOW) - 365 * 86_400_000}`,
          '0',
        ],
        [
          `(tag:cart) AND createdAt >= ${Date.parse(NOW) - 365 * 86_400_000}`,
          '2',
        ],
        ['(tag:cart) AND status: open', '0'],
      ]);
      expect(harness.logs.join('\n')).not.toContain('jsm-token');
      await vendor.close();
    },
  );

  it.each(databases.eachSupportedId())(
    'starts the creation window again before offset + size reaches the bound, and re-asks about alerts stored open (%p)',
    async databaseId => {
      // 260 alerts a minute apart; the bound is lowered to 120 so that a test
      // reaches it (JSM's is 20,000: offset + size must stay under it).
      const alerts: FakeJsmAlert[] = Array.from({ length: 260 }, (_, k) => ({
        id: `b-${k}`,
        tinyId: String(100 + k),
        message: `Alert ${k}`,
        status: k === 259 ? 'open' : 'closed',
        priority: 'P3',
        tags: ['cart'],
        created: new Date(
          Date.parse('2026-11-01T00:00:00Z') + k * MIN,
        ).toISOString(),
        updated: new Date(
          Date.parse('2026-11-01T00:00:00Z') + k * MIN,
        ).toISOString(),
        closeAfterMs: k === 259 ? undefined : 5 * MIN,
      }));
      const vendor = await startFakeJsmOps(CLOUD, alerts, { offsetBound: 120 });
      const settings = jsmSettings(vendor.url);
      const source = {
        ...jsmOpsSource({
          baseUrl: vendor.url,
          cloudId: CLOUD,
          email: 'ops@acme.example',
          apiToken: 'jsm-token',
          severity: {},
        }),
        maxOffset: 119,
      };
      let now = NOW;
      const provider = new SelectorIncidentsProvider({
        ...settings,
        source,
        schedule: undefined,
        now: () => new Date(now),
      });
      const harness = await createProviderHarness({
        knex: await databases.init(databaseId),
        provider,
        entities: ENTITIES,
      });
      await harness.sync();
      expect(await harness.incidents()).toHaveLength(260);
      expect(harness.logs.join('\n')).not.toMatch(/offset \+ size/);
      const windows = vendor.requests.filter(r =>
        r.query.get('query')?.includes('createdAt'),
      );
      for (const r of windows) {
        expect(
          Number(r.query.get('offset')) + Number(r.query.get('size')),
        ).toBeLessThan(120);
      }
      // The second window starts at the creation of the last alert the first read.
      expect(
        [...new Set(windows.map(r => r.query.get('query')))].length,
      ).toBeGreaterThan(1);

      // The open alert closes; nothing new is created: it is read by id.
      Object.assign(alerts[259], {
        status: 'closed',
        closeAfterMs: 30 * MIN,
        updated: '2026-11-24T12:30:00Z',
      });
      now = '2026-11-24T13:00:00.000Z';
      const before = vendor.requests.length;
      await harness.sync();
      expect(
        vendor.requests
          .slice(before)
          .map(r => r.path)
          .pop(),
      ).toBe(`/jsm/ops/api/${CLOUD}/v1/alerts/b-259`);
      expect(
        (await harness.incidents()).find(i => i.title === '#359 Alert 259')
          ?.resolvedAt,
      ).toBe(
        new Date(Date.parse(alerts[259].created) + 30 * MIN).toISOString(),
      );
      await vendor.close();
    },
  );
});
