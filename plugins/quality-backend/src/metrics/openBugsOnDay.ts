import { Knex } from 'knex';
import { Severity } from '@quality-pulse/plugin-quality-common';
import { QUARTER_MS } from '../database/burnDownRollup';
import { DAY_MS } from '../time';
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

/**
 * Total open bugs of some entities at the end of each of several UTC days, in
 * two queries whatever the number of days: the open count now, less the net
 * change after each day (one sum per day over the deltas after the earliest).
 */
export async function openBugTotalsAtEndOfDays(
  db: Knex,
  entityRefs: string[],
  days: number[],
): Promise<number[]> {
  if (days.length === 0) return [];
  const bounds = days.map(day => ((day + 1) * DAY_MS) / QUARTER_MS);
  const [openNow, since] = await Promise.all([
    db('quality_bug_open_counts')
      .whereIn('entity_ref', entityRefs)
      .first(db.raw('COALESCE(SUM(open), 0) AS n')),
    db('quality_bug_open_deltas')
      .whereIn('entity_ref', entityRefs)
      .where('quarter', '>=', Math.min(...bounds))
      .first(
        bounds.map((bound, i) =>
          db.raw(
            `COALESCE(SUM(CASE WHEN quarter >= ? THEN delta ELSE 0 END), 0) AS d${i}`,
            [bound],
          ),
        ),
      ),
  ]);
  const now = toNumber(openNow?.n ?? 0);
  return bounds.map((_, i) => now - toNumber(since?.[`d${i}`] ?? 0));
}
