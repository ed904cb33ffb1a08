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
 * The actions that explain a figure, asked through a real MCP client. The
 * fixture (hiddenEntityScenario) created, in the last 30 days, 3 bugs on the
 * services Mallory sees (none escaped) and 6 more on secret-ledger, which her
 * catalog hides (one escaped); one P1 incident of 2 h on payments-api and one
 * of 10 h on secret-ledger, both resolved 3 days ago; nothing in the 30 days
 * before.
 */
describe('the figure assistant actions', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const start = (databaseId: TestDatabaseId) =>
    startHiddenEntityBackend(databases, databaseId);

  it.each(databases.eachSupportedId())(
    'list the items behind a number, compare two windows and give the monthly trends, as the caller sees the catalog, on %p',
    async databaseId => {
      const { backend, as } = await start(databaseId);
      const kim = await mcpClientAs(backend, KIM);
      const mallory = await mcpClientAs(backend, MALLORY);

      // The items behind the squad's open bug count: the dialog's list.
      const open = (client: typeof kim) =>
        client.json('list-quality-items', {
          entityRef: 'group:default/payments-squad',
          list: 'open-bugs',
          limit: 50,
        });
      expect((await open(kim)).total).toBe(9);
      const mine = await open(mallory);
      expectNoTrace('list-quality-items', mine);
      const dialog = (
        await as(MALLORY).get(
          '/v1/groups/default/payments-squad/items?list=open-bugs',
        )
      ).body;
      expect(mine.total).toBe(3);
      expect(mine.items.map((item: any) => item.title)).toEqual(
        dialog.items.map((item: any) => item.title),
      );
      const p1 = await mallory.json('list-quality-items', {
        entityRef: 'payments-api',
        list: 'open-bugs',
        severities: ['P1'],
      });
      expect(p1.items.map((item: any) => item.title)).toEqual(['PAY-2 title']);
      const incidents = await mallory.json('list-quality-items', {
        entityRef: 'payments-api',
        list: 'resolved-incidents',
      });
      expect(incidents.items).toEqual([
        expect.objectContaining({ title: 'PAY-INC-1 title', durationHours: 2 }),
      ]);

      // A hidden service is as missing as one that does not exist.
      const hidden = await mallory.call('list-quality-items', {
        entityRef: 'secret-ledger',
        list: 'open-bugs',
      });
      const missing = await mallory.call('list-quality-items', {
        entityRef: 'no-such-service',
        list: 'open-bugs',
      });
      expect([hidden.isError, missing.isError]).toEqual([true, true]);
      expect(hidden.text).toBe(
        missing.text.replace(/no-such-service/g, 'secret-ledger'),
      );

      // What changed between the last 30 days and the 30 before.
      const compare = (client: typeof kim) =>
        client.json('compare-quality-windows', {
          entityRef: 'payments-squad',
          windowDays: 30,
        });
      const kimChange = await compare(kim);
      expect(kimChange.now.escapedDefectRate).toMatchObject({
        numerator: 1,
        denominator: 9,
        lowConfidence: true,
      });
      expect(kimChange.now.mttrCritical).toEqual({ count: 2, medianHours: 6 });
      const malloryChange = await compare(mallory);
      expectNoTrace('compare-quality-windows', malloryChange);
      expect(malloryChange.now.escapedDefectRate).toMatchObject({
        numerator: 0,
        denominator: 3,
        rate: 0,
      });
      expect(malloryChange.now.mttrCritical).toEqual({
        count: 1,
        medianHours: 2,
      });
      expect(malloryChange.before.escapedDefectRate).toMatchObject({
        numerator: 0,
        denominator: 0,
        rate: null,
      });
      expect(malloryChange.before.mttrCritical).toEqual({
        count: 0,
        medianHours: null,
      });
      expect(Date.parse(malloryChange.before.window.end)).toBe(
        Date.parse(malloryChange.now.window.start),
      );

      // The long view: every bug and incident of the fixture is in the last 20 days.
      const trends = async (client: typeof kim) =>
        (
          await client.json('get-quality-trends', {
            entityRef: 'group:default/payments-squad',
          })
        ).months;
      const kimMonths = await trends(kim);
      const malloryMonths = await trends(mallory);
      expectNoTrace('get-quality-trends', malloryMonths);
      expect(malloryMonths).toHaveLength(12);
      const sum = (months: any[], pick: (m: any) => number) =>
        months.reduce((total, m) => total + pick(m), 0);
      expect(sum(kimMonths, m => m.escapedDefectRate.denominator)).toBe(9);
      expect(sum(kimMonths, m => m.escapedDefectRate.numerator)).toBe(1);
      expect(sum(malloryMonths, m => m.escapedDefectRate.denominator)).toBe(3);
      expect(sum(malloryMonths, m => m.escapedDefectRate.numerator)).toBe(0);
      expect(sum(malloryMonths, m => m.mttrCritical.count)).toBe(1);
      // Resolved 3 days ago, 2 hours after it started.
      const incidentMonth = new Date(
        Date.now() - 3 * 24 * 3600_000 + 2 * 3600_000,
      )
        .toISOString()
        .slice(0, 7);
      expect(
        malloryMonths.find((m: any) => m.month === incidentMonth).mttrCritical,
      ).toEqual({ count: 1, medianHours: 2 });
      // The current month ends now: its open bugs are those open now.
      expect(malloryMonths[11].openBugsAtMonthEnd).toBe(3);
      expect(kimMonths[11].openBugsAtMonthEnd).toBe(9);
      expect(malloryMonths[0].openBugsAtMonthEnd).toBe(0);

      await kim.close();
      await mallory.close();
      await backend.stop();
    },
  );
});
