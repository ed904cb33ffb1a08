import { Knex } from 'knex';
import { Severity } from '@quality-pulse/plugin-quality-common';
import { DAY_MS, QUARTER_MS } from '../database/burnDownRollup';
import { toNumber } from '../database/normalise';

/**
 * Open bugs per entity and severity at the end of a UTC day, from the
 * rollups (never from raw history): the open count now less the net change
 * of the quarters from the next day on. Entities without bugs are absent.
 */
export async function openBugsAtEndOfDay(
  db: Knex,
  entityRefs: string[],
  day: number,
): Promise<Map<string, Partial<Record<Severity, number>>>> {
  const [openNow, since] = await Promise.all([
    db('quality_bug_open_counts')
      .whereIn('entity_ref', entityRefs)
      .select('entity_ref', 'severity', 'open AS n'),
    db('quality_bug_open_deltas')
      .whereIn('entity_ref', entityRefs)
      .where('quarter', '>=', ((day + 1) * DAY_MS) / QUARTER_MS)
      .groupBy('entity_ref', 'severity')
      .select('entity_ref', 'severity', db.raw('SUM(delta) AS n')),
  ]);
  const result = new Map<string, Partial<Record<Severity, number>>>();
  const add = (
    row: { entity_ref: string; severity: Severity; n: unknown },
    sign: number,
  ) => {
    const counts = result.get(row.entity_ref) ?? {};
    counts[row.severity] = (counts[row.severity] ?? 0) + sign * toNumber(row.n);
    result.set(row.entity_ref, counts);
  };
  openNow.forEach(row => add(row, 1));
  since.forEach(row => add(row, -1));
  return result;
}
