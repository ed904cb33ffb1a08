/*
 * Issue 23 (the long view): every change of a scorecard check's status, so a
 * check's history can be drawn as a strip. Filled from the stored scorecards:
 * each check's current status since its `since`.
 */

// @ts-check

/**
 * The check results of a stored scorecard's levels.
 * @param {string} results
 * @returns {Array<{ checkId: string; status: string; since: string }>}
 */
function checksOf(results) {
  /** @type {Array<{ checks: Array<{ checkId: string; status: string; since: string }> }>} */
  const levels = JSON.parse(results);
  return levels.flatMap(level => level.checks);
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('quality_scorecard_check_changes', table => {
    table.comment(
      'Every change of the status of a scorecard check, for its history strip',
    );
    table.increments('id').primary();
    table.string('scope_ref', 255).notNullable();
    table.string('check_id', 64).notNullable();
    table.bigInteger('changed_at').notNullable();
    table
      .string('from_status', 16)
      .nullable()
      .comment('Null for the first evaluation that covered the check');
    table.string('to_status', 16).notNullable();
    table.index(['scope_ref', 'changed_at'], 'quality_check_changes_scope_idx');
  });

  const rows = await knex('quality_scorecards').select('scope_ref', 'results');
  const changes = rows.flatMap(row =>
    checksOf(row.results).map(check => ({
      scope_ref: row.scope_ref,
      check_id: check.checkId,
      changed_at: Date.parse(check.since),
      from_status: null,
      to_status: check.status,
    })),
  );
  for (let i = 0; i < changes.length; i += 500) {
    await knex('quality_scorecard_check_changes').insert(
      changes.slice(i, i + 500),
    );
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('quality_scorecard_check_changes');
};
