import { TestDatabases } from '@backstage/backend-test-utils';
import { DateTime } from 'luxon';
import { TIME_ZONE } from './__testUtils__/fakeJira';
import {
  NOW,
  API_TOKEN,
  searches,
  seedPayProject,
  jiraCloudSetup,
} from './__testUtils__/jiraScenario';

jest.setTimeout(60_000);

describe('Jira Cloud provider', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const setup = jiraCloudSetup(databases);

  it.each(databases.eachSupportedId())(
    'backfills every bug page by page, with severity, history, escapes and the entity of each (%p)',
    async databaseId => {
      const project = seedPayProject();
      const { harness, vendor } = await setup(databaseId, project);
      await harness.sync();

      const bugs = await harness.bugs();
      expect(bugs).toHaveLength(45); // the story is not a bug
      expect(searches(vendor).length).toBeGreaterThanOrEqual(3); // 20 a page
      const first = searches(vendor)[0].body;
      // JQL dates are in the token user's time zone: the backfill starts 730 days back.
      const horizon = DateTime.fromISO(NOW)
        .minus({ days: 730 })
        .setZone(TIME_ZONE)
        .toFormat('yyyy-MM-dd HH:mm');
      expect(first.jql).toBe(
        `project = "PAY" AND issuetype in ("Bug") AND updated >= "${horizon}" ORDER BY updated ASC, key ASC`,
      );

      const pay3 = bugs.find(b => b.title.startsWith('PAY-3 '))!;
      expect(pay3).toMatchObject({
        entityRef: 'component:default/payments-api',
        url: `${vendor.url}/browse/PAY-3`,
        severity: 'P0',
        status: 'closed',
        escaped: false,
        scope: 'project PAY',
      });
      expect(pay3.history).toEqual([
        {
          at: '2026-10-03T20:00:00.000Z',
          status: 'open',
          severity: 'P3', // created Low
          entityRef: 'component:default/payments-api',
        },
        expect.objectContaining({
          at: '2026-10-05T10:00:00.000Z',
          severity: 'P0',
        }),
        expect.objectContaining({
          at: '2026-10-06T10:00:00.000Z',
          status: 'closed',
        }),
        expect.objectContaining({
          at: '2026-10-08T10:00:00.000Z',
          status: 'open',
        }),
        expect.objectContaining({
          at: '2026-10-09T10:00:00.000Z',
          status: 'closed',
        }),
      ]);
      const byEntity = (ref: string) => bugs.filter(b => b.entityRef === ref);
      expect(byEntity('component:default/payments-api')).toHaveLength(15);
      expect(byEntity('component:default/checkout')).toHaveLength(30);
      expect(
        bugs.filter(b => b.escaped).map(b => b.title.split(' ')[0]),
      ).toEqual(['PAY-10', 'PAY-20', 'PAY-30', 'PAY-40']);
      const status = await harness.syncStatus();
      expect(status).toEqual([
        expect.objectContaining({
          providerId: 'jira-cloud',
          scope: 'project PAY',
          lastError: null,
          itemsSkipped: 0,
          lastSucceededAt: expect.any(Number),
        }),
      ]);
      // The token never reaches the logs.
      expect(harness.logs.join('\n')).not.toContain(API_TOKEN);
    },
  );

  it.each(databases.eachSupportedId())(
    'then reads only what changed since the last sync (%p)',
    async databaseId => {
      const project = seedPayProject();
      const { harness, vendor } = await setup(databaseId, project);
      await harness.sync();
      const before = vendor.requests.length;

      project
        .at('2026-11-24T10:00:00.000Z')
        .transition('PAY-44', '10001')
        .create('PAY-46', { priority: 'High', components: ['Payments'] });
      await harness.sync();

      const second = searches(vendor).filter(
        r => vendor.requests.indexOf(r) >= before,
      );
      // One page from the watermark: the last bug of the backfill, PAY-46 and PAY-44.
      expect(second.map(r => r.body.jql)[0]).toContain(
        `updated >= "${DateTime.fromISO('2026-11-07T20:00:00Z')
          .setZone(TIME_ZONE)
          .toFormat('yyyy-MM-dd HH:mm')}"`,
      );
      const changelogIssues = vendor.requests
        .slice(before)
        .filter(r => r.path.endsWith('/changelog/bulkfetch'))
        .flatMap(r => r.body.issueIdsOrKeys);
      expect(changelogIssues).toHaveLength(3);
      const bugs = await harness.bugs();
      expect(bugs).toHaveLength(46);
      expect(bugs.find(b => b.title.startsWith('PAY-44 '))?.status).toBe(
        'closed',
      );
      expect(bugs.find(b => b.title.startsWith('PAY-46 '))).toMatchObject({
        severity: 'P1',
        entityRef: 'component:default/payments-api',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'waits as a 429 Retry-After says, retries a 503, and stores every page once (%p)',
    async databaseId => {
      const project = seedPayProject();
      const { harness, vendor } = await setup(databaseId, project);
      let searchCount = 0;
      vendor.failNext(
        r => r.path.endsWith('/search/jql') && ++searchCount === 2,
        {
          status: 429,
          // Jira's description gives its 429 no body; the service sends one.
          offContract: true,
          headers: {
            'retry-after': '1',
            'x-ratelimit-reset': '2026-11-24T12:00:01Z',
          },
          body: { errorMessages: ['Rate limit exceeded.'] },
        },
      );
      vendor.failNext(r => r.path.endsWith('/changelog/bulkfetch'), {
        status: 503,
        body: '<html>Service Unavailable</html>',
      });
      const started = Date.now();
      await harness.sync();
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(await harness.bugs()).toHaveLength(45);
      expect((await harness.syncStatus())[0].lastError).toBeNull();
      expect(harness.logs.join('\n')).toMatch(
        /HTTP 429\), attempt 1; retrying in 1000 ms/,
      );
      expect(harness.logs.join('\n')).toMatch(/HTTP 503\), attempt 1/);
    },
  );

  it.each(databases.eachSupportedId())(
    'resumes from the last stored page after a run dies between pages (%p)',
    async databaseId => {
      const project = seedPayProject();
      const run = new AbortController();
      let pages = 0;
      const { harness, vendor } = await setup(databaseId, project, {
        // The scheduler's timeout fires while the third page is asked for.
        beforePage: () => {
          if (++pages === 3) run.abort(new Error('task timed out'));
        },
      });
      await harness.sync(run.signal);
      const stored = await harness.bugs();
      expect(stored.length).toBeGreaterThanOrEqual(20);
      expect(stored.length).toBeLessThan(45);
      const [failed] = await harness.syncStatus();
      expect(failed.lastError).toContain('task timed out');
      const checkpoint = JSON.parse((await harness.cursor('project PAY'))!);
      expect(checkpoint.updatedSince).toBeDefined();

      const before = vendor.requests.length;
      await harness.sync();
      const resumed = searches(vendor).find(
        r => vendor.requests.indexOf(r) >= before,
      )!;
      // Not the 730-day backfill again: from the checkpoint.
      expect(resumed.body.jql).toContain(
        `updated >= "${DateTime.fromISO(checkpoint.updatedSince)
          .setZone(TIME_ZONE)
          .toFormat('yyyy-MM-dd HH:mm')}"`,
      );
      const bugs = await harness.bugs();
      expect(bugs).toHaveLength(45);
      expect(new Set(bugs.map(b => b.externalId)).size).toBe(45);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps every bug when one is updated while the pages are read (%p)',
    async databaseId => {
      const project = seedPayProject();
      let pages = 0;
      const { harness } = await setup(databaseId, project, {
        beforePage: () => {
          // Between page 1 and 2, a bug from page 1 is fixed: it moves to the end of the order.
          if (++pages === 2) {
            project.at('2026-11-24T11:00:00.000Z').transition('PAY-2', '10001');
          }
        },
      });
      await harness.sync();
      const bugs = await harness.bugs();
      expect(bugs).toHaveLength(45); // an offset page would have skipped one
      expect(bugs.find(b => b.title.startsWith('PAY-2 '))?.status).toBe(
        'closed',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'skips malformed issues, reports them, and stores the rest of the page (%p)',
    async databaseId => {
      const project = seedPayProject();
      project.byKey('PAY-7').rawFields = { created: 'yesterday' };
      project.byKey('PAY-8').rawFields = { summary: undefined };
      const { harness } = await setup(databaseId, project);
      await harness.sync();
      const bugs = await harness.bugs();
      expect(bugs).toHaveLength(43);
      const [status] = await harness.syncStatus();
      expect(status).toMatchObject({
        lastError: null,
        itemsSkipped: 2,
        lastSkipReason: expect.stringMatching(
          /^bugs PAY-8: fields.summary is missing/,
        ),
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'removes deleted issues and issues moved to another project, never one a listing missed (%p)',
    async databaseId => {
      const project = seedPayProject();
      const { harness, vendor } = await setup(databaseId, project, {
        extra: { reconcileHours: 0 },
      });
      await harness.sync();
      project
        .at('2026-11-24T10:00:00.000Z')
        .delete('PAY-5')
        .move('PAY-6', 'OPS-1');
      // The id listing of this run misses PAY-9 (an offset page shifted): it must survive.
      const pay9 = project.byKey('PAY-9').id;
      vendor.failNext(
        r => r.body?.fields?.length === 1 && !/id in/.test(r.body.jql),
        {
          body: {
            issues: [...project.issues.values()]
              .filter(
                i => i.project === 'PAY' && i.type === 'Bug' && i.id !== pay9,
              )
              .map(i => ({ id: i.id, key: i.key })),
            isLast: true,
          },
        },
      );
      await harness.sync();
      const titles = (await harness.bugs()).map(b => b.title.split(' ')[0]);
      expect(titles).toHaveLength(43);
      expect(titles).not.toContain('PAY-5');
      expect(titles).not.toContain('PAY-6');
      expect(titles).not.toContain('OPS-1');
      expect(titles).toContain('PAY-9');
    },
  );
});
