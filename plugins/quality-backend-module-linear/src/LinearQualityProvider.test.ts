import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  closeOnContract,
  FakeVendor,
} from '@quality-pulse/plugin-quality-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { createProviderHarness } from '@quality-pulse/plugin-quality-backend/testUtils';
import { DateTime } from 'luxon';
import {
  FakeLinearWorkspace,
  startFakeLinear,
} from './__testUtils__/fakeLinear';
import { readLinearInstances } from './config';
import { LinearQualityProvider } from './LinearQualityProvider';

jest.setTimeout(60_000);

const NOW = '2026-11-24T12:00:00.000Z';
const API_KEY = 'lin_api_quality_test';
const PROJECT_MOBILE = 'b1e2c3d4-0000-4000-8000-00000000mob1';

const component = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: { type: 'service', owner: 'mobile-squad', lifecycle: 'production' },
});

/** Team MOB: the mobile app by project, the API takes the rest. */
const ENTITIES = [
  component('mobile-app', {
    'linear.app/team-key': 'MOB',
    'linear.app/project-id': PROJECT_MOBILE,
  }),
  component('mobile-api', { 'linear.app/team-key': 'mob' }),
];

/** 24 bugs and 4 features over six weeks; MOB-1 escalated, done, reopened, done. */
function seedWorkspace(): FakeLinearWorkspace {
  const workspace = new FakeLinearWorkspace('2026-10-01T08:00:00.000Z');
  for (let i = 1; i <= 28; i++) {
    workspace.at(
      DateTime.fromISO('2026-10-01T08:00:00Z')
        .plus({ days: i })
        .toUTC()
        .toISO()!,
    );
    workspace.create('MOB', {
      priority: i % 5,
      labels:
        i % 7 === 0
          ? ['Feature']
          : ['Bug', ...(i % 6 === 0 ? ['escaped'] : [])],
      projectId: i % 2 === 0 ? PROJECT_MOBILE : undefined,
    });
  }
  workspace
    .at('2026-11-01T09:00:00.000Z')
    .prioritise('MOB-1', 1)
    .at('2026-11-02T09:00:00.000Z')
    .moveTo('MOB-1', 'completed')
    .at('2026-11-03T09:00:00.000Z')
    .moveTo('MOB-1', 'started')
    .at('2026-11-04T09:00:00.000Z')
    .moveTo('MOB-1', 'canceled');
  return workspace;
}

describe('Linear provider', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const vendors: FakeVendor[] = [];
  // Every query matched Linear's published schema and complexity limit.
  afterEach(() => closeOnContract(vendors, 'Linear'));

  async function setup(
    databaseId: TestDatabaseId,
    workspace: FakeLinearWorkspace,
    options: {
      extra?: JsonObject;
      beforePage?: () => void;
      apiKey?: string;
    } = {},
  ) {
    const vendor = await startFakeLinear(workspace, {
      pageCap: 10,
      beforePage: options.beforePage,
    });
    vendors.push(vendor);
    const [instance] = readLinearInstances(
      new ConfigReader({
        quality: {
          providers: {
            linear: {
              acme: {
                apiKey: options.apiKey ?? API_KEY,
                apiUrl: `${vendor.url}/graphql`,
                ...options.extra,
              },
            },
          },
        },
      }),
    );
    const provider = new LinearQualityProvider({
      ...instance,
      schedule: undefined,
      now: () => new Date(NOW),
    });
    const harness = await createProviderHarness({
      knex: await databases.init(databaseId),
      provider,
      entities: ENTITIES,
    });
    const pages = () =>
      vendor.requests.filter(r => /QualityPulseIssues\(/.test(r.body?.query));
    return { harness, vendor, provider, pages };
  }

  it.each(databases.eachSupportedId())(
    'backfills bug issues with state and priority history, by project (%p)',
    async databaseId => {
      const { harness, vendor, provider, pages } = await setup(
        databaseId,
        seedWorkspace(),
      );
      await harness.sync();
      expect(provider.id).toBe('linear-acme');
      const bugs = await harness.bugs();
      expect(bugs).toHaveLength(24); // 4 features are not bugs
      expect(pages()).toHaveLength(3); // 10 a page
      expect(pages()[0].body.variables.filter).toEqual({
        team: { key: { eq: 'MOB' } },
        labels: { some: { name: { in: ['Bug'] } } },
        updatedAt: { gte: '2024-11-24T12:00:00.000Z' },
      });
      expect(pages()[0].headers.authorization).toBe(API_KEY);
      const mob1 = bugs.find(b => b.title.startsWith('MOB-1 '))!;
      expect(mob1).toMatchObject({
        entityRef: 'component:default/mobile-api',
        url: 'https://linear.app/acme/issue/MOB-1/bug',
        status: 'closed',
        severity: 'P0',
        scope: 'team MOB',
      });
      expect(mob1.history.map(h => [h.at, h.status, h.severity])).toEqual([
        ['2026-10-02T08:00:00.000Z', 'open', 'P0'], // priority 1: Urgent
        ['2026-11-02T09:00:00.000Z', 'closed', 'P0'],
        ['2026-11-03T09:00:00.000Z', 'open', 'P0'],
        ['2026-11-04T09:00:00.000Z', 'closed', 'P0'],
      ]);
      const mob2 = bugs.find(b => b.title.startsWith('MOB-2 '))!;
      expect(mob2).toMatchObject({
        entityRef: 'component:default/mobile-app',
        severity: 'P1',
      });
      expect(bugs.find(b => b.title.startsWith('MOB-5 '))?.severity).toBe(
        'unclassified',
      );
      expect(
        bugs
          .filter(b => b.escaped)
          .map(b => b.title.split(' ')[0])
          .sort(),
      ).toEqual(['MOB-12', 'MOB-18', 'MOB-24', 'MOB-6']);
      expect(harness.logs.join('\n')).not.toContain(API_KEY);
      expect(vendor.requests.length).toBeGreaterThan(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'reads a history longer than a page, and counts a duplicate as closed (%p)',
    async databaseId => {
      const workspace = seedWorkspace();
      // MOB-3 flaps 65 times (130 moves), then is marked a duplicate.
      for (let k = 0; k < 65; k += 1) {
        workspace
          .at(
            DateTime.fromISO('2026-11-05T00:00:00Z')
              .plus({ hours: 2 * k })
              .toUTC()
              .toISO()!,
          )
          .moveTo('MOB-3', 'completed')
          .at(
            DateTime.fromISO('2026-11-05T01:00:00Z')
              .plus({ hours: 2 * k })
              .toUTC()
              .toISO()!,
          )
          .moveTo('MOB-3', 'started');
      }
      workspace.at('2026-11-20T09:00:00.000Z').moveTo('MOB-3', 'duplicate');
      const { harness, vendor } = await setup(databaseId, workspace);
      await harness.sync();
      const mob3 = (await harness.bugs()).find(b =>
        b.title.startsWith('MOB-3 '),
      )!;
      expect(mob3.status).toBe('closed');
      // Created open, then 65 closes and reopens, then the duplicate closes it.
      expect(mob3.history).toHaveLength(1 + 130 + 1);
      expect(mob3.history[mob3.history.length - 1]).toMatchObject({
        at: '2026-11-20T09:00:00.000Z',
        status: 'closed',
      });
      // 10 entries came with the issue; 121 more in two pages of its own.
      expect(
        vendor.requests
          .filter(r => /QualityPulseIssueHistory/.test(r.body?.query))
          .map(r => r.body.variables.after),
      ).toEqual(['9', '109']);
    },
  );

  it.each(databases.eachSupportedId())(
    'then reads only issues updated since the last run began (%p)',
    async databaseId => {
      const workspace = seedWorkspace();
      const { harness, pages } = await setup(databaseId, workspace);
      await harness.sync();
      const before = pages().length;
      workspace.at('2026-11-24T12:01:00.000Z').moveTo('MOB-3', 'completed');
      workspace.create('MOB', { priority: 2 });
      await harness.sync();
      const second = pages().slice(before);
      expect(second).toHaveLength(1);
      // From this run's start, less five minutes for clock skew.
      expect(second[0].body.variables.filter.updatedAt).toEqual({
        gte: '2026-11-24T11:55:00.000Z',
      });
      const bugs = await harness.bugs();
      expect(bugs).toHaveLength(25);
      expect(bugs.find(b => b.title.startsWith('MOB-3 '))?.status).toBe(
        'closed',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'waits for a RATELIMITED answer’s reset and retries a 503 (%p)',
    async databaseId => {
      const { harness, vendor } = await setup(databaseId, seedWorkspace());
      let count = 0;
      vendor.failNext(() => ++count === 2, {
        status: 400,
        headers: {
          'x-ratelimit-requests-remaining': '0',
          'x-ratelimit-requests-reset': String(Date.now() + 1000),
        },
        body: {
          errors: [
            {
              message: 'Rate limit exceeded',
              extensions: { type: 'ratelimited', code: 'RATELIMITED' },
            },
          ],
        },
      });
      vendor.failNext(() => count >= 2, {
        status: 503,
        body: 'upstream connect error',
      });
      const started = Date.now();
      await harness.sync();
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(await harness.bugs()).toHaveLength(24);
      expect((await harness.syncStatus())[0].lastError).toBeNull();
      expect(harness.logs.join('\n')).toMatch(
        /HTTP 429\), attempt 1; retrying in 1000 ms/,
      );
      // The 503 answers the retry of the same page.
      expect(harness.logs.join('\n')).toMatch(/HTTP 503\), attempt 2/);
    },
  );

  it.each(databases.eachSupportedId())(
    'resumes from the stored page cursor after a run dies between pages (%p)',
    async databaseId => {
      const run = new AbortController();
      let count = 0;
      const { harness, pages } = await setup(databaseId, seedWorkspace(), {
        beforePage: () => {
          if (++count === 3) run.abort(new Error('task timed out'));
        },
      });
      await harness.sync(run.signal);
      expect((await harness.bugs()).length).toBeLessThan(24);
      const checkpoint = JSON.parse((await harness.cursor('team MOB'))!);
      expect(checkpoint.pageToken).toBeDefined();
      const before = pages().length;
      await harness.sync();
      expect(pages()[before].body.variables.after).toBe(checkpoint.pageToken);
      expect(await harness.bugs()).toHaveLength(24);
    },
  );

  it.each(databases.eachSupportedId())(
    'loses nothing when an issue is updated while the pages are read (%p)',
    async databaseId => {
      const workspace = seedWorkspace();
      let count = 0;
      const { harness } = await setup(databaseId, workspace, {
        beforePage: () => {
          // MOB-28 (newest, on page 1) is fixed while page 2 is read.
          if (++count === 2)
            workspace
              .at('2026-11-24T12:01:00.000Z')
              .moveTo('MOB-27', 'completed');
        },
      });
      await harness.sync();
      expect(await harness.bugs()).toHaveLength(24);
      await harness.sync(); // the next run reads it: updated after this run began
      expect(
        (await harness.bugs()).find(b => b.title.startsWith('MOB-27 '))?.status,
      ).toBe('closed');
    },
  );

  it.each(databases.eachSupportedId())(
    'skips a malformed issue and reports it (%p)',
    async databaseId => {
      const workspace = seedWorkspace();
      workspace.byIdentifier('MOB-4').createdAt = 'soon';
      const { harness } = await setup(databaseId, workspace);
      await harness.sync();
      expect(await harness.bugs()).toHaveLength(23);
      expect((await harness.syncStatus())[0]).toMatchObject({
        lastError: null,
        itemsSkipped: 1,
        lastSkipReason: 'bugs MOB-4: createdAt is not a date: "soon"',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'reports a rejected key on the team’s scope and its services (%p)',
    async databaseId => {
      const { harness } = await setup(databaseId, seedWorkspace(), {
        apiKey: 'lin_api_revoked',
      });
      await harness.sync();
      const [status] = await harness.syncStatus();
      expect(status.scope).toBe('team MOB');
      expect(status.lastError).toMatch(/HTTP 400 .*authenticate/);
      const summary = await harness.summary(
        'component:default/mobile-app',
        Date.parse(NOW),
      );
      expect(summary.sources[0]).toMatchObject({
        providerId: 'linear-acme',
        lastError: expect.stringMatching(/authenticate/),
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'removes deleted issues and issues that lost the Bug label on reconciliation (%p)',
    async databaseId => {
      const workspace = seedWorkspace();
      const { harness } = await setup(databaseId, workspace, {
        extra: { reconcileHours: 0 },
      });
      await harness.sync();
      workspace.delete('MOB-8');
      workspace.byIdentifier('MOB-9').labels = ['Feature'];
      await harness.sync();
      const titles = (await harness.bugs()).map(b => b.title.split(' ')[0]);
      expect(titles).toHaveLength(22);
      expect(titles).not.toContain('MOB-8');
      expect(titles).not.toContain('MOB-9');
    },
  );
});
