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
  FakeClickUpWorkspace,
  startFakeClickUp,
} from './__testUtils__/fakeClickUp';
import { ClickUpQualityProvider } from './ClickUpQualityProvider';
import { readClickUpInstances } from './config';

jest.setTimeout(60_000);

const NOW = '2026-11-24T12:00:00.000Z';
const TOKEN = 'pk_quality_test';

const ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'loyalty-service',
      annotations: { 'clickup.com/list-id': '901100' },
    },
    spec: { type: 'service', owner: 'loyalty-squad', lifecycle: 'production' },
  },
];

/** 12 bugs and 3 tasks in list 901100; every third bug closed, every fourth escaped. */
function seedWorkspace(): FakeClickUpWorkspace {
  const workspace = new FakeClickUpWorkspace('2026-10-01T08:00:00.000Z');
  const priorities = ['urgent', 'high', 'normal', 'low', null] as const;
  for (let i = 1; i <= 15; i++) {
    workspace.at(
      DateTime.fromISO('2026-10-01T08:00:00Z')
        .plus({ days: i })
        .toUTC()
        .toISO()!,
    );
    workspace.create('901100', {
      priority: priorities[i % 5],
      tags:
        i % 5 === 0 ? ['chore'] : ['bug', ...(i % 4 === 0 ? ['escaped'] : [])],
    });
  }
  const ids = [...workspace.tasks.keys()];
  workspace.at('2026-11-10T10:00:00.000Z');
  ids.filter((_, i) => (i + 1) % 3 === 0).forEach(id => workspace.close(id));
  return workspace;
}

describe('ClickUp provider', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const vendors: FakeVendor[] = [];
  // Every request and response matched ClickUp's published reference.
  afterEach(() => closeOnContract(vendors, 'ClickUp'));

  async function setup(
    databaseId: TestDatabaseId,
    workspace: FakeClickUpWorkspace,
    options: {
      extra?: JsonObject;
      beforePage?: () => void;
      rawOverrides?: Record<string, object>;
    } = {},
  ) {
    const vendor = await startFakeClickUp(workspace, {
      pageSize: 5,
      beforePage: options.beforePage,
      rawOverrides: options.rawOverrides,
    });
    vendors.push(vendor);
    const [instance] = readClickUpInstances(
      new ConfigReader({
        quality: {
          providers: {
            clickup: {
              acme: { token: TOKEN, baseUrl: vendor.url, ...options.extra },
            },
          },
        },
      }),
    );
    const provider = new ClickUpQualityProvider({
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
      vendor.requests.filter(
        r => r.path.endsWith('/task') && r.query.has('date_updated_gt'),
      );
    return { harness, vendor, provider, pages };
  }

  it.each(databases.eachSupportedId())(
    'reads tasks added from other lists, once, with an OAuth token (%p)',
    async databaseId => {
      const workspace = seedWorkspace();
      // A bug of an unmapped list, added to ours: read with ours.
      const shared = workspace.create('777000', { tags: ['bug'] });
      shared.alsoIn = ['901100'];
      const { harness, vendor } = await setup(databaseId, workspace, {
        extra: { token: 'oauth_quality_test' },
      });
      await harness.sync();
      const bugs = await harness.bugs();
      expect(bugs).toHaveLength(13);
      expect(bugs.find(b => b.externalId === shared.id)?.entityRef).toBe(
        'component:default/loyalty-service',
      );
      expect(vendor.requests[0].headers.authorization).toBe(
        'Bearer oauth_quality_test',
      );
      expect(vendor.requests[0].query.get('include_timl')).toBe('true');
    },
  );

  it.each(databases.eachSupportedId())(
    'backfills bug-tagged tasks page by page with priority, closing and escapes (%p)',
    async databaseId => {
      const { harness, provider, pages } = await setup(
        databaseId,
        seedWorkspace(),
      );
      await harness.sync();
      expect(provider.id).toBe('clickup-acme');
      const bugs = await harness.bugs();
      expect(bugs).toHaveLength(12);
      expect(pages().map(r => r.query.get('page'))).toEqual(['0', '1', '2']);
      expect(pages()[0].query.get('date_updated_gt')).toBe(
        String(Date.parse('2024-11-24T12:00:00Z')),
      );
      expect(pages()[0].query.get('include_closed')).toBe('true');
      expect(pages()[0].headers.authorization).toBe(TOKEN);
      const third = bugs.find(b => b.title === 'Bug 3')!;
      expect(third).toMatchObject({
        entityRef: 'component:default/loyalty-service',
        status: 'closed',
        severity: 'P3',
        scope: 'list 901100',
      });
      expect(third.history.map(h => [h.at, h.status])).toEqual([
        ['2026-10-04T08:00:00.000Z', 'open'],
        ['2026-11-10T10:00:00.000Z', 'closed'],
      ]);
      expect(bugs.find(b => b.title === 'Bug 1')?.severity).toBe('P1');
      expect(bugs.find(b => b.title === 'Bug 6')?.severity).toBe('P1');
      expect(
        bugs
          .filter(b => b.escaped)
          .map(b => b.title)
          .sort(),
      ).toEqual(['Bug 12', 'Bug 4', 'Bug 8']);
      expect(harness.logs.join('\n')).not.toContain(TOKEN);
    },
  );

  it.each(databases.eachSupportedId())(
    'then reads only tasks updated since the last run began (%p)',
    async databaseId => {
      const workspace = seedWorkspace();
      const { harness, pages } = await setup(databaseId, workspace);
      await harness.sync();
      const before = pages().length;
      const firstId = [...workspace.tasks.keys()][0];
      workspace.at('2026-11-24T12:02:00.000Z').close(firstId);
      await harness.sync();
      const second = pages().slice(before);
      expect(second).toHaveLength(1);
      expect(second[0].query.get('date_updated_gt')).toBe(
        String(Date.parse('2026-11-24T11:55:00Z')),
      );
      expect(
        (await harness.bugs()).find(b => b.title === 'Bug 1')?.status,
      ).toBe('closed');
    },
  );

  it.each(databases.eachSupportedId())(
    'waits out a 429 until X-RateLimit-Reset and retries a 502 (%p)',
    async databaseId => {
      const { harness, vendor } = await setup(databaseId, seedWorkspace());
      let count = 0;
      vendor.failNext(r => r.path.endsWith('/task') && ++count === 2, {
        status: 429,
        headers: {
          'x-ratelimit-limit': '100',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1),
        },
        body: { err: 'Rate limit reached', ECODE: 'APP_002' },
      });
      vendor.failNext(r => r.path.endsWith('/task') && count >= 2, {
        status: 502,
        body: '<html>Bad Gateway</html>',
      });
      const started = Date.now();
      await harness.sync();
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      expect(await harness.bugs()).toHaveLength(12);
      expect((await harness.syncStatus())[0].lastError).toBeNull();
      expect(harness.logs.join('\n')).toMatch(/HTTP 429\), attempt 1/);
      expect(harness.logs.join('\n')).toMatch(/HTTP 502\), attempt 2/);
    },
  );

  it.each(databases.eachSupportedId())(
    'resumes from the stored page after a run dies between pages (%p)',
    async databaseId => {
      const run = new AbortController();
      let count = 0;
      const { harness, pages } = await setup(databaseId, seedWorkspace(), {
        beforePage: () => {
          if (++count === 2) run.abort(new Error('task timed out'));
        },
      });
      await harness.sync(run.signal);
      expect((await harness.bugs()).length).toBe(4); // page 0 stored
      const before = pages().length;
      await harness.sync();
      expect(pages()[before].query.get('page')).toBe('1');
      expect(await harness.bugs()).toHaveLength(12);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps every task when one is updated while the pages are read (%p)',
    async databaseId => {
      const workspace = seedWorkspace();
      let count = 0;
      const { harness } = await setup(databaseId, workspace, {
        beforePage: () => {
          if (++count === 2)
            workspace
              .at('2026-11-24T12:01:00.000Z')
              .reopen([...workspace.tasks.keys()][2]);
        },
      });
      await harness.sync();
      expect(await harness.bugs()).toHaveLength(12);
      await harness.sync();
      expect(
        (await harness.bugs()).find(b => b.title === 'Bug 3')?.status,
      ).toBe('open');
    },
  );

  it.each(databases.eachSupportedId())(
    'skips a malformed task and reports it (%p)',
    async databaseId => {
      const workspace = seedWorkspace();
      const broken = [...workspace.tasks.keys()][1];
      const { harness } = await setup(databaseId, workspace, {
        rawOverrides: { [broken]: { date_created: 'yesterday' } },
      });
      await harness.sync();
      expect(await harness.bugs()).toHaveLength(11);
      expect((await harness.syncStatus())[0]).toMatchObject({
        lastError: null,
        itemsSkipped: 1,
        lastSkipReason: `bugs ${broken}: date_created: epoch milliseconds`,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'reports a rejected token on the list’s scope (%p)',
    async databaseId => {
      const { harness } = await setup(databaseId, seedWorkspace(), {
        extra: { token: 'pk_revoked' },
      });
      await harness.sync();
      const [status] = await harness.syncStatus();
      expect(status.scope).toBe('list 901100');
      expect(status.lastError).toBe(
        'ClickUp tasks of list 901100: HTTP 401 Token invalid',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'removes deleted tasks on reconciliation (%p)',
    async databaseId => {
      const workspace = seedWorkspace();
      const { harness } = await setup(databaseId, workspace, {
        extra: { reconcileHours: 0 },
      });
      await harness.sync();
      workspace.tasks.delete([...workspace.tasks.keys()][0]);
      await harness.sync();
      const titles = (await harness.bugs()).map(b => b.title);
      expect(titles).toHaveLength(11);
      expect(titles).not.toContain('Bug 1');
    },
  );
});
