import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { createProviderHarness } from '@quality-pulse/plugin-quality-backend/testUtils';
import { FakeVendor } from '@quality-pulse/plugin-quality-node/testUtils';
import { DateTime } from 'luxon';
import { readJiraInstances } from '../config';
import { JiraQualityProvider } from '../JiraQualityProvider';
import { FakeJiraProject } from './fakeJira';
import { startFakeJiraCloud } from './fakeJiraSites';

/** The catalog, the PAY project and the config the Jira provider tests share. */

export const NOW = '2026-11-24T12:00:00.000Z';
export const API_TOKEN = 'jira-api-token-do-not-log';

export const component = (
  name: string,
  annotations: Record<string, string>,
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: { type: 'service', owner: 'payments-squad', lifecycle: 'production' },
});

/** Two services share project PAY: payments-api by component, checkout takes the rest. */
export const ENTITIES = [
  component('payments-api', {
    'jira/project-key': 'PAY',
    'jira/component': 'Payments',
  }),
  component('checkout', { 'jira/project-key': 'pay' }),
];

/** 45 bugs over October and November, a story that is not a bug, and some history. */
export function seedPayProject(): FakeJiraProject {
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

export function cloudConfig(url: string, extra: JsonObject = {}): JsonObject {
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

export function providerFor(config: JsonObject, now = NOW) {
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

export const searches = (vendor: FakeVendor) =>
  vendor.requests.filter(r => r.path.endsWith('/search/jql'));

/**
 * A fake Jira Cloud for each test, checked against Jira's published
 * description when the test ends, and a harness over it on the given database.
 */
export function jiraCloudSetup(databases: TestDatabases) {
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

  return async function setup(
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
  };
}
