import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  expectNoTrace,
  KIM,
  MALLORY,
  startHiddenEntityBackend,
} from '../__testUtils__/hiddenEntityScenario';
import { mcpClientAs } from '../__testUtils__/mcpClient';

jest.setTimeout(120_000);

/**
 * The squad and org questions, asked through a real MCP client of the MCP
 * actions backend. Kim sees every service of the payments squad; Mallory's
 * catalog hides secret-ledger (5 open P2 and 1 escaped P1 bug, an overdue
 * post-mortem action): each gets the answer of the org as they see it.
 */
describe('the squad and org assistant actions', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const start = (databaseId: TestDatabaseId) =>
    startHiddenEntityBackend(databases, databaseId);

  it.each(databases.eachSupportedId())(
    "answer with the budgets, the bugs that consume them and the overdue actions of the caller's view, on %p",
    async databaseId => {
      const { backend, as } = await start(databaseId);
      const kim = await mcpClientAs(backend, KIM);
      const mallory = await mcpClientAs(backend, MALLORY);

      // A squad's budget and what consumes it, oldest first.
      const kimBudget = await kim.json('get-squad-quality-budget', {
        squad: 'payments-squad',
      });
      expect(kimBudget.budget.state).toBe('breached');
      expect(kimBudget.budget.openP2).toEqual({ used: 7, ceiling: 5 });
      expect(kimBudget.consumers.map((c: any) => c.title)).toContain(
        'SECRET-1 title',
      );
      const malloryBudget = await mallory.json('get-squad-quality-budget', {
        squad: 'group:default/payments-squad',
      });
      expectNoTrace('get-squad-quality-budget', malloryBudget);
      expect(malloryBudget.budget).toMatchObject({
        state: 'within',
        openP2: { used: 2, ceiling: 5 },
      });
      const route = (
        await as(MALLORY).get('/v1/groups/default/payments-squad/summary')
      ).body;
      expect(malloryBudget.consumers).toEqual(
        route.budgetConsumers.map((bug: any) => ({
          title: bug.title,
          severity: bug.severity,
          entityRef: bug.entityRef,
          ageDays: bug.ageDays,
          url: bug.url,
        })),
      );
      const ages = malloryBudget.consumers.map((c: any) => c.ageDays);
      expect(ages).toEqual([...ages].sort((a, b) => b - a));

      // The org's budgets by group, in catalog order (a parent before its children).
      const overview = async (client: typeof kim) =>
        (await client.json('get-org-quality-overview', {})).groups;
      const kimGroups = await overview(kim);
      const malloryGroups = await overview(mallory);
      expectNoTrace('get-org-quality-overview', malloryGroups);
      expect(malloryGroups.map((g: any) => g.groupRef)).toEqual([
        'group:default/acme',
        'group:default/commerce',
        'group:default/payments-squad',
      ]);
      const squadLine = (groups: any[]) =>
        groups.find(g => g.groupRef === 'group:default/payments-squad');
      expect(squadLine(kimGroups)).toMatchObject({
        parentRef: 'group:default/commerce',
        budgetState: 'breached',
        openBugs: 9,
      });
      expect(squadLine(malloryGroups)).toMatchObject({
        budgetState: 'within',
        openBugs: 3,
      });
      expect(malloryGroups[0].squadBudgets).toEqual({
        within: 1,
        atRisk: 0,
        breached: 0,
      });

      // Overdue post-mortem actions: the hidden service's stays hidden.
      const kimLoop = await kim.json('list-overdue-postmortem-actions', {
        squad: 'payments-squad',
      });
      expect(kimLoop.overdueActions).toEqual([
        expect.objectContaining({
          text: 'SECRET action: rotate the vault keys',
          entityRef: 'component:default/secret-ledger',
        }),
      ]);
      const malloryLoop = await mallory.json(
        'list-overdue-postmortem-actions',
        { squad: 'payments-squad' },
      );
      expectNoTrace('list-overdue-postmortem-actions', malloryLoop);
      expect(malloryLoop.overdueActions).toEqual([]);

      // A group nobody has, or that is not a group, is an error, not an empty answer.
      const missing = await mallory.call('get-squad-quality-budget', {
        squad: 'no-such-squad',
      });
      expect(missing.isError).toBe(true);
      expect(missing.text).toMatch(/no-such-squad/);
      const badRef = await mallory.call('list-overdue-postmortem-actions', {
        squad: 'user:default/mallory',
      });
      expect(badRef.isError).toBe(true);

      await kim.close();
      await mallory.close();
      await backend.stop();
    },
  );
});
