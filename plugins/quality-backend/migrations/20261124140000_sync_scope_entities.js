/*
 * Which catalog entities each provider scope feeds, as the provider declares
 * it. A scope that fails on its first sync has stored nothing yet, so without
 * this the service page could not say "Jira: HTTP 401 for project PAY".
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('quality_sync_scope_entities', table => {
    table.comment('The catalog entities a provider scope feeds');
    table.string('provider_id', 255).notNullable();
    table.string('scope', 255).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.primary(['provider_id', 'scope', 'entity_ref']);
    table.index(['entity_ref'], 'quality_sync_scope_entities_entity_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('quality_sync_scope_entities');
};
