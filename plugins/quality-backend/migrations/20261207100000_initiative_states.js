/*
 * Issue 23 (quality initiatives): the state each group is in on each
 * initiative, as last evaluated on the scorecard schedule, and every change
 * of it — the history the daily pulse and the notifications read.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('quality_initiative_states', table => {
    table.comment(
      'The state of each group on each initiative at the last evaluation; the compare-and-set that decides who notifies',
    );
    table.string('initiative_id', 64).notNullable();
    table.string('group_ref', 255).notNullable();
    table.string('state', 24).notNullable();
    table.bigInteger('changed_at').notNullable();
    table.primary(['initiative_id', 'group_ref']);
  });
  await knex.schema.createTable('quality_initiative_state_changes', table => {
    table.comment('Every change of the state of a group on an initiative');
    table.increments('id').primary();
    table.string('initiative_id', 64).notNullable();
    table.string('group_ref', 255).notNullable();
    table.bigInteger('changed_at').notNullable();
    table.string('from_state', 24).notNullable();
    table.string('to_state', 24).notNullable();
    table.double('value').nullable().comment('The value of the group then');
    table
      .double('expected')
      .nullable()
      .comment('The value of the trajectory then');
    table.index(['changed_at'], 'quality_initiative_changes_time_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('quality_initiative_state_changes');
  await knex.schema.dropTable('quality_initiative_states');
};
