/*
 * Issue 22 (ingest with the rollups): the burn-down deltas were indexed twice
 * by entity — the primary key (entity_ref, severity, quarter) for the upsert
 * and (entity_ref, quarter) for the reads of the last weeks. Every read by
 * entity asks for a range of quarters, so one key in the order (entity_ref,
 * quarter, severity) serves the upsert and those reads: one index fewer to
 * keep on every write of bugs, on the largest rollup table.
 */

// @ts-check

const TABLE = 'quality_bug_open_deltas';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable(TABLE, table => {
    table.dropIndex([], `${TABLE}_recent_idx`);
  });
  await knex.schema.alterTable(TABLE, table => {
    table.dropPrimary();
  });
  await knex.schema.alterTable(TABLE, table => {
    table.primary(['entity_ref', 'quarter', 'severity']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable(TABLE, table => {
    table.dropPrimary();
  });
  await knex.schema.alterTable(TABLE, table => {
    table.primary(['entity_ref', 'severity', 'quarter']);
    table.index(['entity_ref', 'quarter'], `${TABLE}_recent_idx`);
  });
};
