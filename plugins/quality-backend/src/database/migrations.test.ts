import { TestDatabases } from '@backstage/backend-test-utils';
import { QUALITY_MIGRATIONS_DIRECTORY } from './migrations';

jest.setTimeout(60_000);

const QUALITY_TABLES = [
  'quality_bugs',
  'quality_bug_history',
  'quality_bug_open_deltas',
  'quality_incidents',
  'quality_postmortems',
  'quality_postmortem_subjects',
  'quality_deployments',
  'quality_sync_state',
  'quality_scorecards',
  'quality_scorecard_level_changes',
  'quality_scorecard_runs',
  'quality_budget_states',
  'quality_pulse_deliveries',
];

describe('quality migrations', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'walk up, down and up again on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const directory = QUALITY_MIGRATIONS_DIRECTORY;

      await knex.migrate.latest({ directory });
      for (const table of QUALITY_TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }

      await knex.migrate.rollback({ directory }, true);
      for (const table of QUALITY_TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }

      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('quality_bugs')).toBe(true);
      await knex.destroy();
    },
  );
});
