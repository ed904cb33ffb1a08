/*
 * Issue 22 (fast while data keeps arriving): MTTR does not add up, so the
 * org overview ranks each group's incidents again whenever one of its
 * entities' versions moves, though a bug, a deployment or an incident's new
 * title leaves every MTTR as it was. incident_version moves only when an
 * incident's timing, severity, identity or entity changes (or it appears or
 * goes): the overview keys each group's MTTR on these instead.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('quality_entity_versions', table => {
    table.bigInteger('incident_version').notNullable().defaultTo(0);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('quality_entity_versions', table => {
    table.dropColumn('incident_version');
  });
};
