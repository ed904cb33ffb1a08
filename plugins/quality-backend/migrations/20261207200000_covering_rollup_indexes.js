/*
 * Issue 22 (fast while data keeps arriving): the org views read the last
 * weeks of the rollups for every entity at once, by time. With indexes on
 * time alone PostgreSQL fetched each of those rows from the table (80,000
 * burn-down deltas and 95,000 bug days scattered over it for a 90-day window
 * of 5,000 services); indexes that also hold the columns read answer from
 * the index. They replace the indexes on time alone.
 */

// @ts-check

const COVERING = [
  {
    table: 'quality_bug_open_deltas',
    old: { columns: ['quarter'], name: 'quality_bug_open_deltas_quarter_idx' },
    columns: ['quarter', 'entity_ref', 'delta'],
  },
  {
    table: 'quality_bug_days',
    old: { columns: ['day'], name: 'quality_bug_days_day_idx' },
    columns: ['day', 'entity_ref', 'created', 'escaped'],
  },
  {
    table: 'quality_deployment_days',
    old: { columns: ['day'], name: 'quality_deployment_days_day_idx' },
    columns: ['day', 'entity_ref', 'deployments', 'remediations'],
  },
];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const { table, old, columns } of COVERING) {
    await knex.schema.alterTable(table, t => {
      t.dropIndex([], old.name);
      t.index(columns, `${table}_covering_idx`);
    });
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const { table, old } of COVERING) {
    await knex.schema.alterTable(table, t => {
      t.dropIndex([], `${table}_covering_idx`);
      t.index(old.columns, old.name);
    });
  }
};
