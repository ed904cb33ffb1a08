import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createProviderHarness } from '@quality-pulse/plugin-quality-backend/testUtils';
import { FakeJiraProject, SEVERITY_FIELD } from './__testUtils__/fakeJira';
import {
  startFakeJiraCloud,
  startFakeJiraDataCenter,
} from './__testUtils__/fakeJiraSites';
import {
  NOW,
  API_TOKEN,
  component,
  ENTITIES,
  seedPayProject,
  providerFor,
} from './__testUtils__/jiraScenario';
import { readJiraInstances } from './config';
import { JiraQualityProvider } from './JiraQualityProvider';

jest.setTimeout(60_000);

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
