import { Knex } from 'knex';
import { Severity } from '@quality-pulse/plugin-quality-common';
import { DAY_MS, QUARTER_MS } from '../database/burnDownRollup';
import { toNumber } from '../database/normalise';

/**
 * Open bugs per entity and severity at the end of a UTC day, from the
 * burn-down rollup (never from raw history): the sum of the deltas of the
 * quarters before the next day. Entities without bugs are absent.
 */
export async function openBugsAtEndOfDay(
  db: Knex,
  entityRefs: string[],
  day: number,
): Promise<Map<string, Partial<Record<Severity, number>>>> {
  const rows = await db('quality_bug_open_deltas')
    .whereIn('entity_ref', entityRefs)
    .where('quarter', '<', ((day + 1) * DAY_MS) / QUARTER_MS)
    .groupBy('entity_ref', 'severity')
    .select('entity_ref', 'severity', db.raw('SUM(delta) AS open_count'));
  const result = new Map<string, Partial<Record<Severity, number>>>();
  for (const row of rows) {
    const counts = result.get(row.entity_ref) ?? {};
    counts[row.severity as Severity] = toNumber(row.open_count);
    result.set(row.entity_ref, counts);
  }
  return result;
}
