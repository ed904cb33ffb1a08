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

  const OPEN_DELTAS_KEY = '20261208010000_open_deltas_key.js';

  it.each(databases.eachSupportedId())(
    'keep the burn-down deltas when their key is reordered, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const directory = QUALITY_MIGRATIONS_DIRECTORY;
      await knex.migrate.latest({ directory });
      await knex.migrate.down({ directory, name: OPEN_DELTAS_KEY });
      const rows = [
        {
          entity_ref: 'component:default/a',
          severity: 'P1',
          quarter: 7,
          delta: 1,
        },
        {
          entity_ref: 'component:default/a',
          severity: 'P2',
          quarter: 7,
          delta: -1,
        },
        {
          entity_ref: 'component:default/b',
          severity: 'P1',
          quarter: 3,
          delta: 2,
        },
      ];
      await knex('quality_bug_open_deltas').insert(rows);
      await knex.migrate.up({ directory, name: OPEN_DELTAS_KEY });
      const kept = await knex('quality_bug_open_deltas').orderBy([
        'entity_ref',
        'quarter',
        'severity',
      ]);
      // PostgreSQL returns a bigint as text.
      expect(
        kept.map(row => ({ ...row, quarter: Number(row.quarter) })),
      ).toEqual(rows);
      // Still one row per entity, severity and quarter: the store's upsert
      // (its conflict target is the key) adds to the row already there.
      await knex('quality_bug_open_deltas')
        .insert(rows[0])
        .onConflict(['entity_ref', 'quarter', 'severity'])
        .merge({
          delta: knex.raw('quality_bug_open_deltas.delta + excluded.delta'),
        });
      expect(
        await knex('quality_bug_open_deltas').where(rows[0]).select('delta'),
      ).toEqual([]);
      expect(
        await knex('quality_bug_open_deltas')
          .where({ entity_ref: rows[0].entity_ref, severity: 'P1' })
          .select('delta'),
      ).toEqual([{ delta: 2 }]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId().filter(([id]) => id === 'POSTGRES_15'))(
    'index the burn-down deltas once by entity on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
      const indexes = await knex('pg_indexes')
        .where('tablename', 'quality_bug_open_deltas')
        .orderBy('indexname')
        .pluck('indexdef');
      expect(indexes).toEqual([
        expect.stringMatching(/covering_idx .*\(quarter, entity_ref, delta\)$/),
        expect.stringMatching(/_pkey .*\(entity_ref, quarter, severity\)$/),
      ]);
      await knex.destroy();
    },
  );
});
