import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { createProviderHarness } from '@quality-pulse/plugin-quality-backend/testUtils';
import {
  closeOnContract,
  FakeVendor,
} from '@quality-pulse/plugin-quality-node/testUtils';
import {
  FakeGithubRepo,
  GITHUB_DESCRIPTIONS,
  GithubProduct,
  startFakeGithub,
} from './__testUtils__/fakeGithub';
import { readGithubInstances } from './config';
import { GithubDeploymentsProvider } from './GithubDeploymentsProvider';

jest.setTimeout(60_000);

const NOW = '2026-11-24T12:00:00Z';
const HOUR = 3_600_000;
const ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'storefront-web',
      annotations: { 'github.com/project-slug': 'acme/storefront' },
    },
    spec: { type: 'website', owner: 'web-squad', lifecycle: 'production' },
  },
];

/** 12 production deployments over 24 days: 10 succeeded, 2 of them hotfixes; 1 failed; 1 still running. */
function seedRepo(): FakeGithubRepo {
  const repo = new FakeGithubRepo('acme/storefront', '2026-10-01T00:00:00Z');
  const start = Date.parse('2026-10-30T10:00:00Z');
  for (let i = 1; i <= 12; i++) {
    const created = new Date(start + i * 2 * 24 * HOUR).toISOString();
    const finished = new Date(Date.parse(created) + HOUR / 4).toISOString();
    const state =
      ({ 7: 'failure', 12: 'in_progress' } as Record<number, string>)[i] ??
      'success';
    repo.deployments.push({
      id: 500 + i,
      environment: 'production',
      ref: i === 4 ? 'hotfix/checkout-null-cart' : 'main',
      description: i === 9 ? 'Revert "Add gift cards"' : `Deploy build ${i}`,
      created,
      statuses: [
        { state: 'in_progress', at: created },
        ...(state === 'in_progress' ? [] : [{ state, at: finished }]),
      ],
    });
  }
  // Staging deployments are not the production rate.
  repo.deployments.push({
    id: 900,
    environment: 'staging',
    ref: 'main',
    description: null,
    created: '2026-11-20T10:00:00Z',
    statuses: [{ state: 'success', at: '2026-11-20T10:05:00Z' }],
  });
  return repo;
}

describe('GitHub deployments provider', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const vendors: FakeVendor[] = [];
  // Every request and answer matched GitHub's published description.
  afterEach(() => closeOnContract(vendors, 'GitHub'));

  async function setup(
    databaseId: TestDatabaseId,
    repo: FakeGithubRepo,
    deployments: JsonObject = {},
    product: GithubProduct = 'github.com',
  ) {
    const vendor = await startFakeGithub(repo, { perPageCap: 5, product });
    vendors.push(vendor);
    const { basePath } = GITHUB_DESCRIPTIONS[product];
    const [instance] = readGithubInstances(
      new ConfigReader({
        integrations: {
          github: [
            {
              host: 'github.test',
              apiBaseUrl: `${vendor.url}${basePath}`,
              token: 'ghp_quality_test',
            },
          ],
        },
        quality: {
          providers: { github: { main: { host: 'github.test', deployments } } },
        },
      }),
    );
    const provider = new GithubDeploymentsProvider({
      ...instance.deployments!,
      now: () => new Date(NOW),
    });
    const harness = await createProviderHarness({
      knex: await databases.init(databaseId),
      provider,
      entities: ENTITIES,
    });
    return { harness, vendor, provider };
  }

  // The rework rate is read alike from github.com and an Enterprise Server.
  const products = Object.keys(GITHUB_DESCRIPTIONS) as GithubProduct[];
  it.each(
    databases
      .eachSupportedId()
      .flatMap(([id]) => products.map(product => [id, product] as const)),
  )(
    'counts successful production deployments and the hotfixes and reverts among them: the rework rate (%p, %p)',
    async (databaseId, product) => {
      const { harness, provider } = await setup(
        databaseId,
        seedRepo(),
        {},
        product,
      );
      await harness.sync();
      expect(provider.id).toBe('github-main-deployments');
      const summary = await harness.summary(
        'component:default/storefront-web',
        Date.parse(NOW),
        30,
      );
      // 10 successful (not the failed, the running or the staging one); #4 hotfix branch, #9 a revert.
      expect(summary.reworkRate).toMatchObject({
        numerator: 2,
        denominator: 10,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'then reads only what is new, and picks up a deployment that finished since (%p)',
    async databaseId => {
      const repo = seedRepo();
      const { harness, vendor } = await setup(databaseId, repo);
      await harness.sync();
      const running = repo.deployments.find(d => d.id === 512)!;
      running.statuses.push({ state: 'success', at: '2026-11-24T12:20:00Z' });
      const before = vendor.requests.length;
      await harness.sync();
      const statusReads = vendor.requests
        .slice(before)
        .filter(r => r.path.endsWith('/statuses'));
      // Only deployments created after the watermark (less an hour for ones in flight) are asked again.
      expect(statusReads.map(r => r.path)).toEqual([
        '/repos/acme/storefront/deployments/512/statuses',
      ]);
      const summary = await harness.summary(
        'component:default/storefront-web',
        Date.parse('2026-11-25T00:00:00Z'),
        30,
      );
      expect(summary.reworkRate).toMatchObject({
        numerator: 2,
        denominator: 11,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'reads published releases when configured so (%p)',
    async databaseId => {
      const repo = seedRepo();
      repo.releases.push(
        {
          id: 1,
          tag: 'v1.4.0',
          name: 'v1.4.0',
          created: '2026-11-02T09:00:00Z',
          published: '2026-11-02T10:00:00Z',
        },
        {
          id: 2,
          tag: 'v1.4.1',
          name: 'v1.4.1 hotfix: totals',
          created: '2026-11-03T09:00:00Z',
          published: '2026-11-03T10:00:00Z',
        },
        {
          id: 3,
          tag: 'v1.5.0-rc.1',
          name: 'v1.5.0-rc.1',
          created: '2026-11-10T09:00:00Z',
          published: '2026-11-10T10:00:00Z',
          prerelease: true,
        },
        {
          id: 4,
          tag: 'v1.5.0',
          name: 'v1.5.0',
          created: '2026-11-20T09:00:00Z',
          published: null,
          draft: true,
        },
      );
      const { harness } = await setup(databaseId, repo, {
        source: 'releases',
      });
      await harness.sync();
      const summary = await harness.summary(
        'component:default/storefront-web',
        Date.parse(NOW),
        30,
      );
      expect(summary.reworkRate).toMatchObject({
        numerator: 1,
        denominator: 2,
      });
    },
  );

  it('refuses a remediation pattern that is not a regular expression, naming the key', () => {
    expect(() =>
      readGithubInstances(
        new ConfigReader({
          integrations: { github: [{ host: 'github.com', token: 't' }] },
          quality: {
            providers: {
              github: {
                main: { deployments: { remediationPattern: 'hotfix(' } },
              },
            },
          },
        }),
      ),
    ).toThrow(
      /^quality\.providers\.github\.main\.deployments\.remediationPattern is not a regular expression/,
    );
  });
});
