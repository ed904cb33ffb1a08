/*
 * Issue 23 (quality initiatives): "learning-loop actions closed on time"
 * needs the day each post-mortem action was closed (done or dropped), which
 * was not kept. From now on every write that closes an action records it;
 * actions closed before this migration get the day they were last changed,
 * the closest record there is.
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
  const day =
    knex.client.dialect === 'postgresql'
      ? "to_char(to_timestamp(updated_at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
      : "strftime('%Y-%m-%d', updated_at / 1000, 'unixepoch')";
  await knex.raw(
    `UPDATE quality_postmortem_actions SET closed_on = ${day} WHERE status <> 'open'`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('quality_postmortem_actions', table => {
    table.dropColumn('closed_on');
  });
};
