import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { createProviderHarness } from '@quality-pulse/plugin-quality-backend/testUtils';
import {
  closeOnContract,
  FakeVendor,
} from '@quality-pulse/plugin-quality-node/testUtils';
import { DateTime } from 'luxon';
import {
  FakeGithubRepo,
  GithubProduct,
  startFakeGithub,
} from './__testUtils__/fakeGithub';
import { readGithubInstances } from './config';
import { GithubQualityProvider } from './GithubQualityProvider';

jest.setTimeout(60_000);

const NOW = '2026-11-24T12:00:00Z';
const TOKEN = 'ghp_quality_test';

const ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'storefront-web',
      annotations: { 'github.com/project-slug': 'Acme/Storefront' },
    },
    spec: { type: 'website', owner: 'web-squad', lifecycle: 'production' },
  },
];

/**
 * 30 bugs, 5 feature requests and 5 pull requests; #1 is raised to P1,
 * fixed, reopened and fixed again; every fifth bug escaped.
 */
function seedRepo(): FakeGithubRepo {
  const repo = new FakeGithubRepo('acme/storefront', '2026-10-01T08:00:00Z');
  for (let i = 1; i <= 40; i++) {
    const at = DateTime.fromISO('2026-10-01T08:00:00Z', { zone: 'utc' }).plus({
      hours: 18 * i,
    });
    repo.at(at.toISO({ suppressMilliseconds: true })!);
    if (i % 8 === 0) repo.open(`Feature ${i}`, ['enhancement']);
    else if (i % 8 === 4) repo.open(`Fix ${i}`, ['bug'], true);
    else
      repo.open(`Bug ${i}`, [
        'bug',
        ...(i % 5 === 0 ? ['escaped'] : []),
        'severity:medium',
      ]);
  }
  repo
    .at('2026-11-01T10:00:00Z')
    .unlabel(1, 'severity:medium')
    .label(1, 'severity:high')
    .at('2026-11-02T10:00:00Z')
    .close(1)
    .at('2026-11-03T10:00:00Z')
    .reopen(1)
    .at('2026-11-04T10:00:00Z')
    .close(1);
  return repo;
}

function config(apiBaseUrl: string, extra: JsonObject = {}): JsonObject {
  return {
    integrations: {
      github: [{ host: 'github.test', apiBaseUrl, token: TOKEN }],
    },
    quality: {
      providers: { github: { main: { host: 'github.test', ...extra } } },
    },
  };
}

describe('GitHub Issues provider', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const vendors: FakeVendor[] = [];
  // Every request and answer matched GitHub's published description.
  afterEach(() => closeOnContract(vendors, 'GitHub'));

  async function setup(
    databaseId: TestDatabaseId,
    repo: FakeGithubRepo,
    options: {
      extra?: JsonObject;
      beforeList?: () => void;
      product?: GithubProduct;
    } = {},
  ) {
    const vendor = await startFakeGithub(repo, {
      perPageCap: 10,
      beforeList: options.beforeList,
      product: options.product,
    });
    vendors.push(vendor);
    // Enterprise Server answers under /api/v3, as its description's server says.
    const apiBaseUrl =
      options.product && options.product !== 'github.com'
        ? `${vendor.url}/api/v3`
        : vendor.url;
    const [instance] = readGithubInstances(
      new ConfigReader(config(apiBaseUrl, options.extra)),
    );
    const provider = new GithubQualityProvider({
      ...instance,
      schedule: undefined,
      now: () => new Date(NOW),
    });
    const harness = await createProviderHarness({
      knex: await databases.init(databaseId),
      provider,
      entities: ENTITIES,
    });
    const lists = () => vendor.requests.filter(r => r.path.endsWith('/issues'));
    return { harness, vendor, provider, lists };
  }

  it.each(databases.eachSupportedId())(
    'backfills bug issues with their timelines, skipping pull requests and other issues (%p)',
    async databaseId => {
      const { harness, vendor, provider, lists } = await setup(
        databaseId,
        seedRepo(),
      );
      await harness.sync();

      expect(provider.id).toBe('github-main');
      const bugs = await harness.bugs();
      expect(bugs).toHaveLength(30);
      expect(lists()[0].query.get('since')).toBe('2024-11-24T12:00:00.000Z');
      expect(lists()[0].query.get('sort')).toBe('updated');
      expect(lists()[0].query.get('direction')).toBe('asc');
      expect(lists().length).toBeGreaterThanOrEqual(4); // 10 a page
      const first = bugs.find(b => b.externalId === 'acme/storefront#1')!;
      expect(first).toMatchObject({
        title: '#1 Bug 1',
        url: 'https://github.com/acme/storefront/issues/1',
        entityRef: 'component:default/storefront-web',
        scope: 'repo acme/storefront',
        status: 'closed',
        severity: 'P1',
      });
      expect(first.history.map(h => [h.at, h.status, h.severity])).toEqual([
        ['2026-10-02T02:00:00.000Z', 'open', 'P2'],
        ['2026-11-01T10:00:00.000Z', 'open', 'P1'],
        ['2026-11-02T10:00:00.000Z', 'closed', 'P1'],
        ['2026-11-03T10:00:00.000Z', 'open', 'P1'],
        ['2026-11-04T10:00:00.000Z', 'closed', 'P1'],
      ]);
      expect(bugs.filter(b => b.escaped).map(b => b.externalId)).toEqual([
        'acme/storefront#10',
        'acme/storefront#15',
        'acme/storefront#25',
        'acme/storefront#30',
        'acme/storefront#35',
        'acme/storefront#5',
      ]);
      expect(vendor.requests[0].headers.authorization).toBe(`token ${TOKEN}`);
      expect(harness.logs.join('\n')).not.toContain(TOKEN);
    },
  );

  it.each(databases.eachSupportedId())(
    'then lists only issues updated since the watermark, and drops an issue that stopped being a bug (%p)',
    async databaseId => {
      const repo = seedRepo();
      const { harness, vendor, lists } = await setup(databaseId, repo);
      await harness.sync();
      const before = vendor.requests.length;
      repo
        .at('2026-11-24T09:00:00Z')
        .close(2)
        .unlabel(3, 'bug')
        .open('Bug 41', ['bug', 'P0']);
      await harness.sync();

      const newLists = lists().filter(
        r => vendor.requests.indexOf(r) >= before,
      );
      expect(newLists.map(r => r.query.get('since'))).toEqual([
        '2026-11-04T10:00:00.000Z',
      ]);
      const timelines = vendor.requests
        .slice(before)
        .filter(r => r.path.endsWith('/timeline'));
      expect(timelines).toHaveLength(3); // #1 (the watermark, re-read), #2 and #41; #3 is no bug now
      const bugs = await harness.bugs();
      expect(bugs.map(b => b.externalId)).not.toContain('acme/storefront#3');
      expect(bugs.find(b => b.externalId === 'acme/storefront#2')?.status).toBe(
        'closed',
      );
      expect(
        bugs.find(b => b.externalId === 'acme/storefront#41')?.severity,
      ).toBe('P0');
    },
  );

  it.each(databases.eachSupportedId())(
    'waits out a 429 with Retry-After and a 503, through Octokit’s throttling and retry plugins (%p)',
    async databaseId => {
      const { harness, vendor } = await setup(databaseId, seedRepo());
      let lists = 0;
      vendor.limitNext(r => r.path.endsWith('/issues') && ++lists === 2, {
        kind: 'secondary',
        status: 429,
        retryAfterSeconds: 1,
      });
      vendor.failNext(r => r.path.endsWith('/timeline'), {
        status: 503,
        body: { message: 'Service Unavailable' },
      });
      const started = Date.now();
      await harness.sync();
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(await harness.bugs()).toHaveLength(30);
      expect((await harness.syncStatus())[0].lastError).toBeNull();
      expect(harness.logs.join('\n')).toMatch(
        /GitHub secondary rate limit on GET \/repos\/\{owner\}\/\{repo\}\/issues; retrying in 1 s/,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'waits for the reset when the hourly budget is spent (403, remaining 0) (%p)',
    async databaseId => {
      const { harness, vendor } = await setup(databaseId, seedRepo());
      vendor.limitNext(r => r.path.endsWith('/timeline'), {
        kind: 'primary',
        status: 403,
        resetInMs: 1500,
      });
      await harness.sync();
      expect(await harness.bugs()).toHaveLength(30);
      expect((await harness.syncStatus())[0].lastError).toBeNull();
      expect(harness.logs.join('\n')).toMatch(
        /GitHub rate limit on GET \S+\/issues\/\d+\/timeline\S*; retrying in \d+ s/,
      );
      expect(vendor.undocumentedResponses).toEqual([
        expect.stringMatching(
          /^GET \/repos\/acme\/storefront\/issues\/\d+\/timeline → 403$/,
        ),
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'reads a GitHub Enterprise Server under /api/v3, checked against its own description (%p)',
    async databaseId => {
      const repo = seedRepo();
      const { harness, vendor } = await setup(databaseId, repo, {
        product: 'GitHub Enterprise Server 3.19',
        extra: { reconcileHours: 0 },
      });
      await harness.sync();
      repo.at('2026-11-24T09:00:00Z').close(2).transfer(10, 'acme/legacy');
      await harness.sync();
      const bugs = await harness.bugs();
      expect(bugs).toHaveLength(29);
      expect(bugs.find(b => b.externalId === 'acme/storefront#2')?.status).toBe(
        'closed',
      );
      expect(vendor.requests.every(r => r.path.startsWith('/api/v3/'))).toBe(
        true,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'resumes from its checkpoint after a run dies between pages (%p)',
    async databaseId => {
      const run = new AbortController();
      let pages = 0;
      const { harness, vendor, lists } = await setup(databaseId, seedRepo(), {
        beforeList: () => {
          if (++pages === 3) run.abort(new Error('task timed out'));
        },
      });
      await harness.sync(run.signal);
      const partial = (await harness.bugs()).length;
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(30);
      const checkpoint = JSON.parse(
        (await harness.cursor('repo acme/storefront'))!,
      );
      const before = vendor.requests.length;
      await harness.sync();
      const resumed = lists().find(r => vendor.requests.indexOf(r) >= before)!;
      expect(resumed.query.get('since')).toBe(checkpoint.updatedSince);
      expect(await harness.bugs()).toHaveLength(30);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps every bug when one is updated while the pages are read (%p)',
    async databaseId => {
      const repo = seedRepo();
      let pages = 0;
      const { harness } = await setup(databaseId, repo, {
        beforeList: () => {
          if (++pages === 2) repo.at('2026-11-24T11:00:00Z').close(6);
        },
      });
      await harness.sync();
      const bugs = await harness.bugs();
      expect(bugs).toHaveLength(30);
      expect(bugs.find(b => b.externalId === 'acme/storefront#6')?.status).toBe(
        'closed',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'skips a malformed issue, reports it and stores the rest (%p)',
    async databaseId => {
      const repo = seedRepo();
      repo.issues.get(7)!.events.push({ event: 'closed', at: 'not a date' });
      const { harness } = await setup(databaseId, repo);
      await harness.sync();
      expect(await harness.bugs()).toHaveLength(29);
      expect((await harness.syncStatus())[0]).toMatchObject({
        lastError: null,
        itemsSkipped: 1,
        lastSkipReason:
          'bugs acme/storefront#7: timeline closed.created_at is not a date: "not a date"',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'reports a 401 on the scope, with GitHub’s message (%p)',
    async databaseId => {
      const { harness, vendor } = await setup(databaseId, seedRepo());
      vendor.failNext(r => r.path.endsWith('/issues'), {
        status: 401,
        body: {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
        },
      });
      await harness.sync();
      const [status] = await harness.syncStatus();
      expect(status.scope).toBe('repo acme/storefront');
      expect(status.lastError).toMatch(/401/);
      expect(status.lastError).toMatch(/Bad credentials/);
      const summary = await harness.summary(
        'component:default/storefront-web',
        Date.parse(NOW),
      );
      expect(summary.sources[0].lastError).toMatch(/Bad credentials/);
    },
  );

  it.each(databases.eachSupportedId())(
    'removes deleted and transferred issues on reconciliation (%p)',
    async databaseId => {
      const repo = seedRepo();
      const { harness, vendor } = await setup(databaseId, repo, {
        extra: { reconcileHours: 0 },
      });
      await harness.sync();
      repo.delete(9).transfer(10, 'acme/legacy');
      await harness.sync();
      const ids = (await harness.bugs()).map(b => b.externalId);
      expect(ids).toHaveLength(28);
      expect(ids).not.toContain('acme/storefront#9');
      expect(ids).not.toContain('acme/storefront#10');
      // #10 answered with GitHub's 301, which Octokit followed to the issue's new home.
      expect(
        vendor.requests
          .filter(r => /\/issues\/10$|^\/repositories\//.test(r.path))
          .map(r => r.path),
      ).toEqual([
        '/repos/acme/storefront/issues/10',
        '/repositories/9000/issues/1',
      ]);
    },
  );
});
