/*
 * Issue 22 (fast while data keeps arriving): a squad summary is made of parts
 * that read different kinds of data (MTTR reads incidents, the rework rate
 * deployments, bug time to fix bugs). Each entity gets a version per kind, so
 * a write of one kind recomputes only the parts that read it; `version` still
 * moves with every write and keys whole answers.
 */

// @ts-check

const COLUMNS = ['bug_version', 'deployment_version', 'postmortem_version'];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('quality_entity_versions', table => {
    for (const column of COLUMNS) {
      table.bigInteger(column).notNullable().defaultTo(0);
    }
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('quality_entity_versions', table => {
    for (const column of COLUMNS) table.dropColumn(column);
  });
};
