/*
 * Issue 18 (exact figures):
 * - quality_incidents.incident_key: the tool's own id of an incident that
 *   providers store once per affected service, so squads count it once.
 * - quality_bugs.resolved_at is the close of the final closed run, and
 *   resolved_severity the severity then: a relabel after the close changes
 *   neither (recomputed here from the stored history).
 * - The burn-down rollup moves from UTC days to quarter-hours, so calendar
 *   days in any time zone start at local midnight (rebuilt from history).
 */

// @ts-check

const QUARTER_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * @param {import('knex').Knex} knex
 * @param {string} table
 * @param {string} column
 * @param {number} grain
 */
async function rebuildRollup(knex, table, column, grain) {
  // +1 when an open interval starts, -1 in the bucket of the entry that ends it.
  await knex.raw(
    `INSERT INTO ${table} (entity_ref, severity, ${column}, delta)
     SELECT entity_ref, severity, bucket, SUM(delta) FROM (
       SELECT h.entity_ref, h.severity, CAST(h.changed_at / ${grain} AS BIGINT) AS bucket, 1 AS delta
       FROM quality_bug_history h WHERE h.status = 'open'
       UNION ALL
       SELECT h.entity_ref, h.severity, CAST(n.changed_at / ${grain} AS BIGINT) AS bucket, -1 AS delta
       FROM quality_bug_history h
       JOIN quality_bug_history n ON n.bug_id = h.bug_id AND n.seq = h.seq + 1
       WHERE h.status = 'open'
     ) d
     GROUP BY entity_ref, severity, bucket
     HAVING SUM(delta) <> 0`,
  );
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('quality_incidents', table => {
    table
      .string('incident_key', 255)
      .nullable()
      .comment(
        "The tool's id of an incident stored once per affected entity; null when the row is the incident",
      );
    table.index(['source', 'incident_key'], 'quality_incidents_key_idx');
  });

  await knex.schema.alterTable('quality_bugs', table => {
    table
      .string('resolved_severity', 16)
      .nullable()
      .comment('Severity when the bug was closed, for time to fix');
  });
  // The final closed run starts at the entry after the last open one.
  const finalClose = (/** @type {string} */ column) => `(
    SELECT h.${column} FROM quality_bug_history h
    WHERE h.bug_id = quality_bugs.id AND h.seq = (
      SELECT COALESCE(MAX(o.seq) + 1, 0) FROM quality_bug_history o
      WHERE o.bug_id = quality_bugs.id AND o.status = 'open'
    )
  )`;
  await knex.raw(
    `UPDATE quality_bugs SET resolved_at = ${finalClose(
      'changed_at',
    )}, resolved_severity = ${finalClose('severity')} WHERE status = 'closed'`,
  );

  await knex.schema.createTable('quality_bug_open_deltas', table => {
    table.comment(
      'Burn-down rollup: change of the open-bug count per entity, severity and quarter-hour',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('severity', 16).notNullable();
    table
      .bigInteger('quarter')
      .notNullable()
      .comment('Quarter-hours since 1970-01-01 (UTC)');
    table.integer('delta').notNullable();
    table.primary(['entity_ref', 'severity', 'quarter']);
  });
  await rebuildRollup(knex, 'quality_bug_open_deltas', 'quarter', QUARTER_MS);
  await knex.schema.dropTable('quality_bug_daily_deltas');
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.createTable('quality_bug_daily_deltas', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('severity', 16).notNullable();
    table.integer('day').notNullable().comment('Days since 1970-01-01 (UTC)');
    table.integer('delta').notNullable();
    table.primary(['entity_ref', 'severity', 'day']);
  });
  await rebuildRollup(knex, 'quality_bug_daily_deltas', 'day', DAY_MS);
  await knex.schema.dropTable('quality_bug_open_deltas');
  await knex.schema.alterTable('quality_bugs', table => {
    table.dropColumn('resolved_severity');
  });
  await knex.schema.alterTable('quality_incidents', table => {
    table.dropIndex(['source', 'incident_key'], 'quality_incidents_key_idx');
    table.dropColumn('incident_key');
  });
};
