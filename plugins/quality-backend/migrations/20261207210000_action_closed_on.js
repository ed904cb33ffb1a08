/*
 * Issue 23 (quality initiatives): "learning-loop actions closed on time"
 * needs the day each post-mortem action was closed (done or dropped), which
 * was not kept. From now on every write that closes an action records it.
 * Actions closed before this migration, like actions a source shows us for
 * the first time already closed, have no day: the metric leaves them out
 * rather than guess (a guess would count old work as late).
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('quality_postmortem_actions', table => {
    table
      .string('closed_on', 10)
      .nullable()
      .comment('UTC day (YYYY-MM-DD) the action was closed: done or dropped');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('quality_postmortem_actions', table => {
    table.dropColumn('closed_on');
  });
};
