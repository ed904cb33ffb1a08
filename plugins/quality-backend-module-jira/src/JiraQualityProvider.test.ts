import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
// Module tests run the provider through the real sync engine and store.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  createProviderHarness,
  FakeVendor,
} from '@quality-pulse/plugin-quality-backend/testUtils';
import { DateTime } from 'luxon';
import {
  FakeJiraProject,
  startFakeJiraCloud,
  SEVERITY_FIELD,
  startFakeJiraDataCenter,
  TIME_ZONE,
} from './__testUtils__/fakeJira';
import { readJiraInstances } from './config';
import { JiraQualityProvider } from './JiraQualityProvider';

jest.setTimeout(60_000);

const NOW = '2026-11-24T12:00:00.000Z';
const API_TOKEN = 'jira-api-token-do-not-log';

const component = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: { type: 'service', owner: 'payments-squad', lifecycle: 'production' },
});

/** Two services share project PAY: payments-api by component, checkout takes the rest. */
const ENTITIES = [
  component('payments-api', {
    'jira/project-key': 'PAY',
    'jira/component': 'Payments',
  }),
  component('checkout', { 'jira/project-key': 'pay' }),
];

/** 45 bugs over October and November, a story that is not a bug, and some history. */
function seedPayProject(): FakeJiraProject {
  const project = new FakeJiraProject('2026-10-01T08:00:00.000Z');
  for (let i = 1; i <= 45; i++) {
    project
      .at(
        DateTime.fromISO('2026-10-01T08:00:00Z')
          .plus({ hours: 20 * i })
          .toISO()!,
      )
      .create(`PAY-${i}`, {
        priority: ['Highest', 'High', 'Medium', 'Low', 'Lowest'][i % 5],
        components: i % 3 === 0 ? ['Payments'] : [],
        labels: i % 10 === 0 ? ['escaped'] : [],
      });
  }
  project.at('2026-10-02T09:00:00.000Z').create('PAY-100', { type: 'Story' });
  // PAY-3: Payments; raised to Highest, fixed, reopened, fixed again.
  project
    .at('2026-10-05T10:00:00.000Z')
    .reprioritise('PAY-3', 'Highest')
    .at('2026-10-06T10:00:00.000Z')
    .transition('PAY-3', '10001')
    .at('2026-10-08T10:00:00.000Z')
    .transition('PAY-3', '3')
    .at('2026-10-09T10:00:00.000Z')
    .transition('PAY-3', '10001');
  return project;
}

function cloudConfig(url: string, extra: JsonObject = {}): JsonObject {
  return {
    quality: {
      providers: {
        jira: {
          cloud: {
            baseUrl: url,
            email: 'quality@acme.example',
            apiToken: API_TOKEN,
            ...extra,
          },
        },
      },
    },
  };
}

function providerFor(config: JsonObject, now = NOW) {
  const [instance] = readJiraInstances(
    new ConfigReader(config),
    mockServices.logger.mock(),
  );
  return new JiraQualityProvider({
    ...instance,
    schedule: undefined,
    now: () => new Date(now),
  });
}

const searches = (vendor: FakeVendor) =>
  vendor.requests.filter(r => r.path.endsWith('/search/jql'));

describe('Jira Cloud provider', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let running: FakeVendor | undefined;

  afterEach(async () => {
    const closing = running;
    running = undefined;
    await closing?.close();
    // Every request and response matched Jira Cloud's published description.
    if (closing && closing.contractViolations.length > 0) {
      throw new Error(
        `Off Jira Cloud's contract:\n${closing.contractViolations.join('\n')}`,
      );
    }
  });

  async function setup(
    databaseId: TestDatabaseId,
    project: FakeJiraProject,
    options: { extra?: JsonObject; entities?: any[]; beforePage?: any } = {},
  ) {
    const vendor = await startFakeJiraCloud(project, {
      beforePage: options.beforePage,
    });
    running = vendor;
    const provider = providerFor(cloudConfig(vendor.url, options.extra));
    const harness = await createProviderHarness({
      knex: await databases.init(databaseId),
      provider,
      entities: options.entities ?? ENTITIES,
    });
    return { harness, vendor, provider };
  }

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
    'reports a project that answers 401 on its services and syncs the others (%p)',
    async databaseId => {
      const project = seedPayProject();
      project.at('2026-10-01T09:00:00.000Z').create('SEC-1');
      const entities = [
        ...ENTITIES,
        component('vault', { 'jira/project-key': 'SEC' }),
      ];
      const { harness, vendor } = await setup(databaseId, project, {
        entities,
      });
      vendor.failNext(r => /project = "SEC"/.test(r.body?.jql ?? ''), {
        status: 401,
        // Jira's description gives its 401 no body; the service sends one.
        offContract: true,
        body: {
          errorMessages: ['You do not have permission to view project SEC.'],
        },
      });
      await harness.sync();
      const status = await harness.syncStatus();
      expect(status.map(s => [s.scope, s.lastError === null])).toEqual([
        ['project PAY', true],
        ['project SEC', false],
      ]);
      expect(status[1].lastError).toBe(
        'Jira search of project SEC: HTTP 401 You do not have permission to view project SEC.',
      );
      // The service page says so, though nothing of SEC is stored yet.
      const summary = await harness.summary(
        'component:default/vault',
        Date.parse(NOW),
      );
      expect(summary.hasData).toBe(false);
      expect(summary.sources).toEqual([
        expect.objectContaining({
          providerId: 'jira-cloud',
          lastError: expect.stringContaining('401'),
        }),
      ]);
      expect(await harness.bugs()).toHaveLength(45);
    },
  );

  it.each(databases.eachSupportedId())(
    'shows a site jira.js rejects (an email that is not one) on every scope (%p)',
    async databaseId => {
      const { harness } = await setup(databaseId, seedPayProject(), {
        extra: { email: 'not-an-email' },
      });
      await harness.sync();
      const [status] = await harness.syncStatus();
      expect(status.scope).toBe('project PAY');
      expect(status.lastError).toMatch(/email/i);
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

  it.each(databases.eachSupportedId())(
    'stops at the request budget and finishes on the next runs (%p)',
    async databaseId => {
      const project = seedPayProject();
      const { harness } = await setup(databaseId, project, {
        extra: { requestBudget: 7 },
      });
      await harness.sync();
      const [first] = await harness.syncStatus();
      expect(first.lastError).toMatch(/Request budget of 7 exhausted/);
      // Each run takes up to 7 requests, and stores what it read before running out.
      let runs = 1;
      while ((await harness.syncStatus())[0].lastError && runs < 10) {
        await harness.sync();
        runs++;
      }
      expect(runs).toBeGreaterThanOrEqual(2);
      expect(await harness.bugs()).toHaveLength(45);
      expect((await harness.syncStatus())[0].lastError).toBeNull();
    },
  );
});

describe('two Jira sites', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('reads each entity from its own site: the default one, or the one its annotation names', async () => {
    const cloudProject = seedPayProject();
    const onpremProject = new FakeJiraProject('2026-10-01T08:00:00.000Z');
    onpremProject.create('LEG-1');
    onpremProject.create('LEG-2');
    const cloud = await startFakeJiraCloud(cloudProject);
    const onprem = await startFakeJiraDataCenter(onpremProject);
    const instances = readJiraInstances(
      new ConfigReader({
        quality: {
          providers: {
            jira: {
              cloud: {
                baseUrl: cloud.url,
                email: 'quality@acme.example',
                apiToken: API_TOKEN,
                default: true,
              },
              onprem: {
                baseUrl: onprem.url,
                deployment: 'datacenter',
                personalAccessToken: 'pat-secret',
              },
            },
          },
        },
      }),
      mockServices.logger.mock(),
    );
    expect(instances.map(i => [i.id, i.isDefaultInstance])).toEqual([
      ['jira-cloud', true],
      ['jira-onprem', false],
    ]);
    const entities = [
      ...ENTITIES,
      component('legacy-admin', {
        'jira/project-key': 'LEG',
        'quality.backstage.io/jira-instance': 'onprem',
      }),
    ];
    const knex = await databases.init('SQLITE_3');
    for (const instance of instances) {
      const harness = await createProviderHarness({
        knex,
        provider: new JiraQualityProvider({
          ...instance,
          schedule: undefined,
          now: () => new Date(NOW),
        }),
        entities,
      });
      await harness.sync();
    }
    const rows = (await knex('quality_bugs')
      .select('source', 'entity_ref')
      .count({ bugs: '*' })
      .groupBy('source', 'entity_ref')
      .orderBy('source')) as Array<{
      source: string;
      entity_ref: string;
      bugs: number;
    }>;
    expect(rows.map(r => [r.source, r.entity_ref, Number(r.bugs)])).toEqual([
      ['jira-cloud', 'component:default/checkout', 30],
      ['jira-cloud', 'component:default/payments-api', 15],
      ['jira-onprem', 'component:default/legacy-admin', 2],
    ]);
    // Neither site was asked for the other's project.
    expect(cloud.requests.some(r => /LEG/.test(r.body?.jql ?? ''))).toBe(false);
    expect(
      onprem.requests.some(r => /PAY/.test(r.query.get('jql') ?? '')),
    ).toBe(false);
    await cloud.close();
    await onprem.close();
  });
});

describe('Jira Data Center provider', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'backfills with startAt pages and changelogs expanded in the search (%p)',
    async databaseId => {
      const project = seedPayProject();
      const vendor = await startFakeJiraDataCenter(project);
      const provider = providerFor({
        quality: {
          providers: {
            jira: {
              onprem: {
                baseUrl: vendor.url,
                deployment: 'datacenter',
                personalAccessToken: 'pat-secret',
                severity: { Medium: 'P3' },
              },
            },
          },
        },
      });
      const harness = await createProviderHarness({
        knex: await databases.init(databaseId),
        provider,
        entities: ENTITIES,
      });
      await harness.sync();
      const bugs = await harness.bugs();
      expect(provider.id).toBe('jira-onprem');
      expect(bugs).toHaveLength(45);
      const pay3 = bugs.find(b => b.title.startsWith('PAY-3 '))!;
      // The site's override: Medium is P3 here.
      expect(pay3.history.map(h => [h.status, h.severity])).toEqual([
        ['open', 'P3'],
        ['open', 'P0'],
        ['closed', 'P0'],
        ['open', 'P0'],
        ['closed', 'P0'],
      ]);
      const pages = () =>
        vendor.requests.filter(
          r =>
            r.path === '/rest/api/2/search' &&
            r.query.get('expand') === 'changelog',
        );
      // Each page is a fresh query from the newest update seen: no offsets to shift.
      expect(pages().length).toBeGreaterThanOrEqual(3);
      expect(pages().every(r => r.query.get('startAt') === '0')).toBe(true);
      expect(pages()[0].headers.authorization).toBe('Bearer pat-secret');

      // A bulk import: 25 bugs updated in one minute. A fresh query would not
      // advance, so the second page of that minute is asked by startAt.
      project.at('2026-11-24T11:30:00.000Z');
      for (let i = 200; i < 225; i++) project.create(`PAY-${i}`);
      const before = pages().length;
      await harness.sync();
      expect(
        pages()
          .slice(before)
          .map(r => r.query.get('startAt')),
      ).toEqual([
        '0', // from the old watermark: PAY-45 and the first 19 of the import
        '0', // from 11:30, the import's minute: a full page, no progress
        '20', // so the next page of the same query
      ]);
      expect(await harness.bugs()).toHaveLength(70);
      await vendor.close();
    },
  );

  it.each(databases.eachSupportedId())(
    'maps a custom severity field logged by name only, through the site’s field list (%p)',
    async databaseId => {
      const project = new FakeJiraProject('2026-11-01T08:00:00.000Z');
      project.create('PAY-1').rawFields = {
        [SEVERITY_FIELD.id]: { id: 'opt-Sev3', value: 'Sev3' },
      };
      project
        .at('2026-11-03T08:00:00.000Z')
        .setCustom('PAY-1', SEVERITY_FIELD, 'Sev1');
      const vendor = await startFakeJiraDataCenter(project);
      const provider = providerFor({
        quality: {
          providers: {
            jira: {
              onprem: {
                baseUrl: vendor.url,
                deployment: 'datacenter',
                personalAccessToken: 'pat-secret',
                severityField: SEVERITY_FIELD.id,
                severity: { Sev1: 'P0', Sev3: 'P2' },
              },
            },
          },
        },
      });
      const harness = await createProviderHarness({
        knex: await databases.init(databaseId),
        provider,
        entities: ENTITIES,
      });
      await harness.sync();
      const [bug] = await harness.bugs();
      // The change from Sev3 to Sev1 on 3 November is in the history.
      expect(bug.history.map(h => [h.at, h.severity])).toEqual([
        ['2026-11-01T08:00:00.000Z', 'P2'],
        ['2026-11-03T08:00:00.000Z', 'P0'],
      ]);
      expect(
        vendor.requests.filter(r => r.path === '/rest/api/2/field'),
      ).toHaveLength(1);
      await vendor.close();
    },
  );
});
