// Test helper: the burn-down rollup computed from scratch, to hold the one kept on write against.
import { Knex } from 'knex';
import { QUARTER_MS } from '../database/burnDownRollup';

/** `entity|severity|quarter` → delta, from the stored histories alone, in SQL. */
export async function rollupFromHistory(
  db: Knex,
): Promise<Map<string, number>> {
  const rows = await db.raw(`
    SELECT entity_ref, severity, bucket, SUM(delta) AS delta FROM (
      SELECT h.entity_ref, h.severity, CAST(h.changed_at / ${QUARTER_MS} AS BIGINT) AS bucket, 1 AS delta
      FROM quality_bug_history h WHERE h.status = 'open'
      UNION ALL
      SELECT h.entity_ref, h.severity, CAST(n.changed_at / ${QUARTER_MS} AS BIGINT) AS bucket, -1 AS delta
      FROM quality_bug_history h
      JOIN quality_bug_history n ON n.bug_id = h.bug_id AND n.seq = h.seq + 1
      WHERE h.status = 'open'
    ) d GROUP BY entity_ref, severity, bucket`);
  return toMap(rows.rows ?? rows);
}

/** The rollup as the store kept it. */
export async function keptRollup(db: Knex): Promise<Map<string, number>> {
  return toMap(
    await db('quality_bug_open_deltas').select(
      'entity_ref',
      'severity',
      db.raw('quarter AS bucket'),
      'delta',
    ),
  );
}

function toMap(rows: any[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const row of rows) {
    const delta = Number(row.delta);
    if (delta !== 0) {
      map.set(`${row.entity_ref}|${row.severity}|${Number(row.bucket)}`, delta);
    }
  }
  return map;
}
