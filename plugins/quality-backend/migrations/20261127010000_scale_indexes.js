/*
 * Scale (issue 9): the entity summary filters an entity's bugs by creation
 * (escaped defect rate, post-mortem coverage) and by resolution (time to fix)
 * and lists its data sources; at a million bugs those read thousands of rows
 * through the (entity_ref, status, severity) index. These make them range
 * scans of the window, and the source list an index-only scan.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('quality_bugs', table => {
    table.index(
      ['entity_ref', 'created_at'],
      'quality_bugs_entity_created_idx',
    );
    table.index(
      ['entity_ref', 'resolved_at'],
      'quality_bugs_entity_resolved_idx',
    );
    table.index(
      ['entity_ref', 'source', 'scope'],
      'quality_bugs_entity_source_idx',
    );
  });
  await knex.schema.alterTable('quality_incidents', table => {
    table.index(
      ['entity_ref', 'started_at'],
      'quality_incidents_entity_started_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('quality_incidents', table => {
    table.dropIndex(
      ['entity_ref', 'started_at'],
      'quality_incidents_entity_started_idx',
    );
  });
  await knex.schema.alterTable('quality_bugs', table => {
    table.dropIndex(
      ['entity_ref', 'source', 'scope'],
      'quality_bugs_entity_source_idx',
    );
    table.dropIndex(
      ['entity_ref', 'resolved_at'],
      'quality_bugs_entity_resolved_idx',
    );
    table.dropIndex(
      ['entity_ref', 'created_at'],
      'quality_bugs_entity_created_idx',
    );
  });
};
