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
 * `get-quality-initiatives` through a real MCP client, on the hidden-entity
 * fixture: its initiative halves the escaped defect rate of the commerce
 * department from 15 days ago; the one escaped bug is on secret-ledger,
 * which Mallory's catalog hides.
 */
describe('the initiatives assistant action', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const start = (databaseId: TestDatabaseId) =>
    startHiddenEntityBackend(databases, databaseId);

  it.each(databases.eachSupportedId())(
    "answers with the initiatives and a squad's trajectory as the caller sees the catalog, on %p",
    async databaseId => {
      const { backend, as } = await start(databaseId);
      const kim = await mcpClientAs(backend, KIM);
      const mallory = await mcpClientAs(backend, MALLORY);

      const mine = await mallory.json('get-quality-initiatives', {
        squad: 'payments-squad',
      });
      expectNoTrace('get-quality-initiatives', mine);
      expect(mine.initiatives).toHaveLength(1);
      const [initiative] = mine.initiatives;
      expect(initiative).toMatchObject({
        id: 'halve-escapes',
        metric: 'escaped-defect-rate',
        better: 'lower',
        scope: 'group:default/commerce',
        focus: {
          group: 'group:default/payments-squad',
          current: { numerator: 0, denominator: 3 },
          state: 'too-little-data',
        },
      });
      expect(initiative.groups).toEqual([
        { group: 'group:default/commerce', state: 'too-little-data' },
        { group: 'group:default/payments-squad', state: 'too-little-data' },
      ]);
      // The same figures as the squad tab's route.
      const route = (
        await as(MALLORY).get('/v1/groups/default/payments-squad/initiatives')
      ).body.initiatives[0];
      expect(initiative.focus.points.map((p: any) => p.value)).toEqual(
        route.points.map((p: any) => p.value),
      );

      // Kim sees the hidden service: its escaped bug is in both windows.
      const kims = await kim.json('get-quality-initiatives', {});
      expect(kims.initiatives[0].focus).toMatchObject({
        group: 'group:default/commerce',
        baseline: { numerator: 1, denominator: 1 },
        current: { numerator: 1, denominator: 9 },
      });

      // A squad the caller cannot see is as missing as one that does not exist.
      const missing = await mallory.call('get-quality-initiatives', {
        squad: 'no-such-squad',
      });
      expect(missing.isError).toBe(true);

      await kim.close();
      await mallory.close();
      await backend.stop();
    },
  );
});
