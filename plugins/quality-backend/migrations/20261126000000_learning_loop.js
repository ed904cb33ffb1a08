/*
 * The learning loop (issue 8): what an assessment of a root-cause document
 * found, its action items, the four-week follow-up review, bug labels for
 * bug-bash days and the bashes themselves.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('quality_postmortems', table => {
    table
      .text('assessment')
      .nullable()
      .comment(
        'JSON: missing sections, blame wording by line, vague actions; null until assessed',
      );
  });

  await knex.schema.createTable('quality_postmortem_actions', table => {
    table.comment(
      'Action items of a post-mortem: what the team changes, with owner, due date, status and the fix',
    );
    table.increments('id').primary();
    table
      .integer('postmortem_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('quality_postmortems')
      .onDelete('CASCADE');
    table
      .string('action_key', 64)
      .notNullable()
      .comment(
        'From the text: a re-read document keeps the status set in the portal',
      );
    table.text('text').notNullable();
    table.string('owner_ref', 255).nullable();
    table.string('due_date', 10).nullable().comment('YYYY-MM-DD');
    table.string('status', 16).notNullable().defaultTo('open');
    table.text('fix_url').nullable();
    table.boolean('vague').notNullable().defaultTo(false);
    table.bigInteger('updated_at').notNullable();
    table.unique(['postmortem_id', 'action_key']);
    table.index(['status', 'due_date'], 'quality_pm_actions_open_idx');
  });

  await knex.schema.createTable('quality_postmortem_reviews', table => {
    table.comment(
      'The follow-up review four weeks after publication: did the changes close the loop?',
    );
    table
      .integer('postmortem_id')
      .unsigned()
      .primary()
      .references('id')
      .inTable('quality_postmortems')
      .onDelete('CASCADE');
    table.string('outcome', 32).notNullable();
    table.text('notes').nullable();
    table.bigInteger('recorded_at').notNullable();
  });

  await knex.schema.createTable('quality_bug_labels', table => {
    table.comment('Tracker labels of each bug, lower case, for bug-bash views');
    table
      .integer('bug_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('quality_bugs')
      .onDelete('CASCADE');
    table.string('label', 255).notNullable();
    table.primary(['bug_id', 'label']);
    table.index(['label', 'bug_id'], 'quality_bug_labels_label_idx');
  });

  await knex.schema.createTable('quality_bug_bashes', table => {
    table.comment(
      'Bug-bash days of a squad: a date range plus the label its bugs carry, and the four-week review',
    );
    table.increments('id').primary();
    table.string('group_ref', 255).notNullable();
    table.text('title').notNullable();
    table.string('label', 255).notNullable().comment('Lower case');
    table.string('start_date', 10).notNullable().comment('YYYY-MM-DD, UTC');
    table
      .string('end_date', 10)
      .notNullable()
      .comment('YYYY-MM-DD, UTC, inclusive');
    table.string('review_outcome', 32).nullable();
    table.text('review_notes').nullable();
    table.bigInteger('review_recorded_at').nullable();
    table.bigInteger('created_at').notNullable();
    table.index(['group_ref', 'start_date'], 'quality_bug_bashes_group_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('quality_bug_bashes');
  await knex.schema.dropTable('quality_bug_labels');
  await knex.schema.dropTable('quality_postmortem_reviews');
  await knex.schema.dropTable('quality_postmortem_actions');
  await knex.schema.alterTable('quality_postmortems', table => {
    table.dropColumn('assessment');
  });
};
