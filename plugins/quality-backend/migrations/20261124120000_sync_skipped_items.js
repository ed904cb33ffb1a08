/*
 * Providers' malformed items are skipped, not fatal: the rest of the page is
 * stored and the skip is reported per scope in the sync status.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('quality_sync_state', table => {
    table
      .integer('items_skipped')
      .notNullable()
      .defaultTo(0)
      .comment('Malformed items skipped in the last run of this scope');
    table.text('last_skip_reason').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('quality_sync_state', table => {
    table.dropColumn('items_skipped');
    table.dropColumn('last_skip_reason');
  });
};
