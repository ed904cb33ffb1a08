/*
 * The Quality Pulse store. Times are stored as epoch milliseconds (bigint, UTC)
 * so that durations such as MTTR are plain subtraction, identical on SQLite and
 * PostgreSQL. Items are keyed by (source, external_id): source is the provider
 * id, so upserts are idempotent and two providers never collide.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('quality_bugs', table => {
    table.comment(
      'Bugs as their tracker last reported them; the current state is the last history entry',
    );
    table.increments('id').primary();
    table.string('source', 255).notNullable();
    table.string('external_id', 255).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.text('title').notNullable();
    table.text('url').nullable();
    table.string('severity', 16).notNullable();
    table.string('status', 16).notNullable().comment('open | closed');
    table.boolean('escaped').notNullable().defaultTo(false);
    table.bigInteger('created_at').notNullable();
    table
      .bigInteger('resolved_at')
      .nullable()
      .comment('Last close, null while open');
    table.bigInteger('synced_at').notNullable();
    table.unique(['source', 'external_id']);
    table.index(
      ['entity_ref', 'status', 'severity'],
      'quality_bugs_entity_status_idx',
    );
  });

  await knex.schema.createTable('quality_bug_history', table => {
    table.comment(
      'Every state of every bug, in force from changed_at until the next entry',
    );
    table
      .integer('bug_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('quality_bugs')
      .onDelete('CASCADE');
    table.integer('seq').notNullable();
    table.bigInteger('changed_at').notNullable();
    table.string('status', 16).notNullable();
    table.string('severity', 16).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.primary(['bug_id', 'seq']);
    table.index(['entity_ref', 'changed_at'], 'quality_bug_history_entity_idx');
  });

  await knex.schema.createTable('quality_bug_daily_deltas', table => {
    table.comment(
      'Burn-down rollup: the net change, per UTC day, of open bugs per entity and severity. ' +
        'The open count on day D is the sum of deltas up to D; kept in step with quality_bug_history by every upsert',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('severity', 16).notNullable();
    table.integer('day').notNullable().comment('Days since 1970-01-01 (UTC)');
    table.integer('delta').notNullable();
    table.primary(['entity_ref', 'severity', 'day']);
  });

  await knex.schema.createTable('quality_incidents', table => {
    table.increments('id').primary();
    table.string('source', 255).notNullable();
    table.string('external_id', 255).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.text('title').notNullable();
    table.text('url').nullable();
    table.string('severity', 16).notNullable();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('acknowledged_at').nullable();
    table
      .bigInteger('resolved_at')
      .nullable()
      .comment('Null while the incident is open');
    table.bigInteger('synced_at').notNullable();
    table.unique(['source', 'external_id']);
    table.index(
      ['entity_ref', 'resolved_at'],
      'quality_incidents_entity_resolved_idx',
    );
  });

  await knex.schema.createTable('quality_postmortems', table => {
    table.increments('id').primary();
    table.string('source', 255).notNullable();
    table.string('external_id', 255).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.text('title').notNullable();
    table.text('url').notNullable();
    table.bigInteger('published_at').nullable();
    table
      .boolean('complete')
      .nullable()
      .comment('All four sections and a concrete action; null until assessed');
    table.bigInteger('synced_at').notNullable();
    table.unique(['source', 'external_id']);
    table.index(['entity_ref'], 'quality_postmortems_entity_idx');
  });

  await knex.schema.createTable('quality_postmortem_subjects', table => {
    table.comment(
      'Incidents and escaped bugs a post-mortem documents (many-to-many, by external id)',
    );
    table
      .integer('postmortem_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('quality_postmortems')
      .onDelete('CASCADE');
    table.string('subject_kind', 16).notNullable().comment('incident | bug');
    table.string('subject_source', 255).notNullable();
    table.string('subject_external_id', 255).notNullable();
    table.primary([
      'postmortem_id',
      'subject_kind',
      'subject_source',
      'subject_external_id',
    ]);
    table.index(
      ['subject_kind', 'subject_source', 'subject_external_id'],
      'quality_pm_subject_idx',
    );
  });

  await knex.schema.createTable('quality_deployments', table => {
    table.increments('id').primary();
    table.string('source', 255).notNullable();
    table.string('external_id', 255).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.bigInteger('deployed_at').notNullable();
    table.boolean('remediation').notNullable().defaultTo(false);
    table.text('url').nullable();
    table.bigInteger('synced_at').notNullable();
    table.unique(['source', 'external_id']);
    table.index(
      ['entity_ref', 'deployed_at'],
      'quality_deployments_entity_idx',
    );
  });

  await knex.schema.createTable('quality_sync_state', table => {
    table.comment(
      'One row per provider and scope: the resume cursor and the outcome of the last run',
    );
    table.string('provider_id', 255).notNullable();
    table.string('scope', 255).notNullable();
    table.text('cursor').nullable();
    table.bigInteger('last_started_at').nullable();
    table.bigInteger('last_succeeded_at').nullable();
    table.text('last_error').nullable();
    table.bigInteger('last_error_at').nullable();
    table.primary(['provider_id', 'scope']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('quality_sync_state');
  await knex.schema.dropTable('quality_deployments');
  await knex.schema.dropTable('quality_postmortem_subjects');
  await knex.schema.dropTable('quality_postmortems');
  await knex.schema.dropTable('quality_incidents');
  await knex.schema.dropTable('quality_bug_daily_deltas');
  await knex.schema.dropTable('quality_bug_history');
  await knex.schema.dropTable('quality_bugs');
};
