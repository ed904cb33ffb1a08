/*
 * Each item remembers the provider scope (a Jira project, a PagerDuty service)
 * that last wrote it, so a complete listing of a scope can remove what the
 * source no longer has: deleted items, and items moved to another scope.
 */

// @ts-check

const ITEM_TABLES = [
  'quality_bugs',
  'quality_incidents',
  'quality_postmortems',
  'quality_deployments',
];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const tableName of ITEM_TABLES) {
    await knex.schema.alterTable(tableName, table => {
      table.string('scope', 255).nullable();
      table.index(['source', 'scope'], `${tableName}_source_scope_idx`);
    });
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const tableName of ITEM_TABLES) {
    await knex.schema.alterTable(tableName, table => {
      table.dropIndex(['source', 'scope'], `${tableName}_source_scope_idx`);
      table.dropColumn('scope');
    });
  }
};
