/*
 * Scorecards and the policy layer (issue 7): the latest result per entity or
 * squad, level changes as history, budget states for transition-only
 * notifications, and the daily pulse deliveries already made.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('quality_scorecards', table => {
    table.comment(
      'The latest scorecard of each entity and squad; a row is rewritten only when its content changed',
    );
    table.string('scope_ref', 255).primary();
    table.string('scope_kind', 16).notNullable().comment('entity | squad');
    table.string('level', 64).nullable().comment('Highest level reached');
    table.bigInteger('level_since').notNullable();
    table
      .text('results')
      .notNullable()
      .comment('JSON: every check result with its reason and data');
    table
      .text('facts')
      .notNullable()
      .comment('JSON: the figures the checks read, for the metrics endpoint');
    table.bigInteger('updated_at').notNullable();
  });

  await knex.schema.createTable('quality_scorecard_level_changes', table => {
    table.comment('Every change of an entity or squad level, for its history');
    table.increments('id').primary();
    table.string('scope_ref', 255).notNullable();
    table.bigInteger('changed_at').notNullable();
    table.string('from_level', 64).nullable();
    table.string('to_level', 64).nullable();
    table
      .text('blocking_checks')
      .notNullable()
      .comment('JSON: ids of the failing checks that keep the next level');
    table.index(['scope_ref', 'changed_at'], 'quality_level_changes_scope_idx');
  });

  await knex.schema.createTable('quality_scorecard_runs', table => {
    table.comment(
      'One row per evaluation; the latest says how fresh results are',
    );
    table.increments('id').primary();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').notNullable();
    table.integer('scopes').notNullable();
    table.integer('checks').notNullable();
    table.integer('rows_written').notNullable();
  });

  await knex.schema.createTable('quality_budget_states', table => {
    table.comment(
      'Last budget state notified per squad: a compare-and-set on it makes every transition notify once, across instances',
    );
    table.string('group_ref', 255).primary();
    table.string('state', 16).notNullable();
    table.bigInteger('changed_at').notNullable();
  });

  await knex.schema.createTable('quality_pulse_deliveries', table => {
    table.comment(
      'Daily pulse digests claimed per squad, local date and channel: one each per day, across instances',
    );
    table.string('group_ref', 255).notNullable();
    table.string('local_date', 10).notNullable();
    table.string('channel', 16).notNullable().comment('notification | slack');
    table.bigInteger('sent_at').notNullable();
    table.primary(['group_ref', 'local_date', 'channel']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('quality_pulse_deliveries');
  await knex.schema.dropTable('quality_budget_states');
  await knex.schema.dropTable('quality_scorecard_runs');
  await knex.schema.dropTable('quality_scorecard_level_changes');
  await knex.schema.dropTable('quality_scorecards');
};
