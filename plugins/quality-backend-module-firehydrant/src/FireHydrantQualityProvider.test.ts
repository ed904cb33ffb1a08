import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  closeOnContract,
  FakeVendor,
} from '@quality-pulse/plugin-quality-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { createProviderHarness } from '@quality-pulse/plugin-quality-backend/testUtils';
import {
  FakeFhIncident,
  startFakeFireHydrant,
} from './__testUtils__/fakeFireHydrant';
import { readFireHydrantConfig } from './config';
import { FireHydrantQualityProvider } from './FireHydrantQualityProvider';

jest.setTimeout(60_000);

const NOW = '2026-11-24T12:00:00.000Z';
const MIN = 60_000;
const TOKEN = 'fhb-quality-test';
const at = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * MIN).toISOString();

const ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'product-catalog',
      annotations: { 'firehydrant.com/service-name': 'Product Catalog' },
    },
    spec: { type: 'service', owner: 'catalog-squad', lifecycle: 'production' },
  },
];

/** By hand: SEV1 resolved after 50 min, SEV2 after 20, SEV3 after 120; one mitigated but open; one other service. */
function seedIncidents(): FakeFhIncident[] {
  const incident = (
    n: number,
    severity: string,
    started: string,
    resolvedAfter: number | undefined,
    extra: Partial<FakeFhIncident> = {},
  ): FakeFhIncident => ({
    id: `fh-${n}`,
    number: n,
    name: `Incident ${n}`,
    severity,
    milestone:
      resolvedAfter === undefined ? 'mitigated' : 'retrospective_completed',
    services: ['Product Catalog'],
    created: at(started, 1),
    updated: at(started, (resolvedAfter ?? 30) + 60),
    milestones: {
      started,
      acknowledged: at(started, 6),
      ...(resolvedAfter === undefined
        ? { mitigated: at(started, 30) }
        : {
            resolved: at(started, resolvedAfter),
            retrospective_completed: at(started, resolvedAfter + 60),
          }),
    },
    ...extra,
  });
  return [
    incident(1, 'SEV1', '2026-11-04T09:00:00Z', 50, {
      retrospective: {
        name: 'Search index corruption',
        fields: {
          'What happened': 'Search returned stale products for 50 minutes.',
          'Why it happened': 'A reindex job ran against the replica.',
          'What we are changing':
            '- [ ] Point reindexing at the primary — owner: catalog-squad, due: 2026-12-10',
          'What we are not changing': 'The nightly schedule.',
        },
      },
      exportedTo:
        'https://acme.atlassian.net/wiki/spaces/ENG/pages/4242/Search+index+corruption',
    }),
    // The deprecated milestones list, read when an incident has no phases.
    incident(2, 'SEV2', '2026-11-08T09:00:00Z', 20, {
      deprecatedMilestones: true,
    }),
    // No name and no current milestone, which the description allows.
    incident(3, 'SEV3', '2026-11-12T09:00:00Z', 120, {
      name: undefined,
      milestone: undefined,
      retrospective: { name: 'Cache stampede', fields: {} },
    }),
    incident(4, 'SEV2', '2026-11-24T10:00:00Z', undefined),
    incident(5, 'SEV1', '2026-11-15T09:00:00Z', 10, { services: ['Payments'] }),
  ];
}

describe('FireHydrant provider', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const vendors: FakeVendor[] = [];
  // Every request and response matched FireHydrant's published description.
  afterEach(() => closeOnContract(vendors, 'FireHydrant'));

  async function setup(
    databaseId: TestDatabaseId,
    incidents: FakeFhIncident[],
    options: { extra?: JsonObject; beforePage?: () => void } = {},
  ) {
    const vendor = await startFakeFireHydrant(incidents, {
      perPage: 2,
      beforePage: options.beforePage,
    });
    vendors.push(vendor);
    const settings = readFireHydrantConfig(
      new ConfigReader({
        quality: {
          providers: {
            firehydrant: {
              token: TOKEN,
              baseUrl: vendor.url,
              ...options.extra,
            },
          },
        },
      }),
    )!;
    const provider = new FireHydrantQualityProvider({
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
    'computes MTTR from milestones, as by hand, with retrospectives as post-mortems (%p)',
    async databaseId => {
      const { harness, vendor } = await setup(databaseId, seedIncidents());
      await harness.sync();
      const summary = await harness.summary(
        'component:default/product-catalog',
        Date.parse(NOW),
        90,
      );
      // P0+P1: 50 and 20 → median 35, p90 47, mean 35. All: 20, 50, 120 → median 50.
      expect(summary.mttr.critical).toEqual({
        count: 2,
        medianMs: 35 * MIN,
        p90Ms: 47 * MIN,
        meanMs: 35 * MIN,
      });
      expect(summary.mttr.overall).toMatchObject({
        count: 3,
        medianMs: 50 * MIN,
      });
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
          '#1 Incident 1',
          'P0',
          '2026-11-04T09:06:00.000Z',
          '2026-11-04T09:50:00.000Z',
        ],
        [
          '#2 Incident 2',
          'P1',
          '2026-11-08T09:06:00.000Z',
          '2026-11-08T09:20:00.000Z',
        ],
        [
          '#3 (no name)',
          'P2',
          '2026-11-12T09:06:00.000Z',
          '2026-11-12T11:00:00.000Z',
        ],
        ['#4 Incident 4', 'P1', '2026-11-24T10:06:00.000Z', null],
      ]);
      // Where the API says each retrospective is: its export, else the incident's page.
      expect((await harness.postmortems()).map(p => p.url)).toEqual([
        'https://acme.atlassian.net/wiki/spaces/ENG/pages/4242/Search+index+corruption',
        'https://app.firehydrant.io/incidents/fh-3',
      ]);
      expect(vendor.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(harness.logs.join('\n')).not.toContain(TOKEN);
    },
  );

  it.each(databases.eachSupportedId())(
    'resumes from its page, retries 429 and 5xx, then reads only updates (%p)',
    async databaseId => {
      const incidents = seedIncidents();
      const run = new AbortController();
      let pages = 0;
      const { harness, vendor } = await setup(databaseId, incidents, {
        beforePage: () => {
          if (++pages === 2) run.abort(new Error('task timed out'));
        },
      });
      await harness.sync(run.signal);
      expect(JSON.parse((await harness.cursor('incidents'))!).pageToken).toBe(
        '2',
      );
      vendor.failNext(r => r.path === '/v1/incidents', {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { message: 'Too Many Requests' },
      });
      vendor.failNext(r => r.path === '/v1/incidents', {
        status: 502,
        body: 'Bad Gateway',
      });
      await harness.sync();
      expect(await harness.incidents()).toHaveLength(4);
      const open = incidents[3];
      Object.assign(open, {
        milestone: 'resolved',
        updated: '2026-11-24T12:20:00Z',
      });
      open.milestones.resolved = '2026-11-24T12:15:00Z';
      const before = vendor.requests.length;
      await harness.sync();
      expect(vendor.requests[before].query.get('updated_after')).toBe(
        '2026-11-24T11:55:00.000Z',
      );
      expect(
        (await harness.incidents()).find(i => i.title === '#4 Incident 4')
          ?.resolvedAt,
      ).toBe('2026-11-24T12:15:00.000Z');
    },
  );

  it.each(databases.eachSupportedId())(
    'skips a malformed incident and reports a rejected token (%p)',
    async databaseId => {
      const incidents = seedIncidents();
      incidents[1].raw = { lifecycle_phases: 'not a list' };
      const { harness } = await setup(databaseId, incidents);
      await harness.sync();
      expect(await harness.incidents()).toHaveLength(3);
      expect((await harness.syncStatus())[0]).toMatchObject({
        itemsSkipped: 1,
        lastError: null,
      });
      const rejected = await setup(databaseId, seedIncidents(), {
        extra: { token: 'revoked' },
      });
      await rejected.harness.sync();
      expect((await rejected.harness.syncStatus())[0].lastError).toBe(
        'FireHydrant incidents: HTTP 401 Unauthorized',
      );
    },
  );
});
