import { TestDatabases } from '@backstage/backend-test-utils';
import {
  NOW,
  component,
  ENTITIES,
  seedPayProject,
  jiraCloudSetup,
} from './__testUtils__/jiraScenario';

jest.setTimeout(60_000);

describe('Jira Cloud provider when things go wrong', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const setup = jiraCloudSetup(databases);

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
