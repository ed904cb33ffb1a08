/*
 * Scale (issue 9): one counter every write of items moves, in the same
 * transaction. Cached API answers carry the counter they were computed at, so
 * any stored change makes them misses at once, on every instance.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('quality_data_version', table => {
    table.comment(
      'A single row: bumped by every write of bugs, incidents, post-mortems or deployments',
    );
    table.integer('id').primary();
    table.bigInteger('version').notNullable();
  });
  await knex('quality_data_version').insert({ id: 1, version: 0 });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('quality_data_version');
};
