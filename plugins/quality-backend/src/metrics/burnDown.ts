import { Knex } from 'knex';
import {
  BurnDownPoint,
  BurnDownTrend,
  Severity,
  SEVERITIES,
} from '@quality-pulse/plugin-quality-common';
import { toNumber } from '../database/normalise';
import { CalendarDays, dayIndexSql, lastDays } from './calendarDays';
import { TimeWindow } from './window';

function emptyCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map(s => [s, 0])) as Record<
    Severity,
    number
  >;
}

/**
 * Open bugs per severity at the end of each calendar day, read from the
 * quarter-hour rollup, never from raw history: each row falls into the day its
 * quarter belongs to (or before the first, the baseline), and the running sum
 * over the days gives the count at each day's end.
 */
export async function burnDownSeries(
  db: Knex,
  entityRefs: string[],
  days: CalendarDays,
): Promise<BurnDownPoint[]> {
  const end = days.starts[days.starts.length - 1];
  const rows: Array<{
    severity: Severity;
    day_index: unknown;
    delta: unknown;
  }> = await db
    .from(
      db('quality_bug_open_deltas')
        .whereIn('entity_ref', entityRefs)
        .where('quarter', '<', end)
        .select(
          'severity',
          'delta',
          db.raw(`${dayIndexSql(days)} AS day_index`),
        )
        .as('d'),
    )
    .groupBy('severity', 'day_index')
    .select('severity', 'day_index', db.raw('SUM(delta) AS delta'));

  const changes = days.dates.map(() => emptyCounts());
  const counts = emptyCounts();
  for (const row of rows) {
    const index = toNumber(row.day_index);
    const target = index < 0 ? counts : changes[index];
    target[row.severity] += toNumber(row.delta);
  }
  return days.dates.map((date, index) => {
    SEVERITIES.forEach(s => (counts[s] += changes[index][s]));
    const bySeverity = { ...counts };
    return {
      date,
      total: SEVERITIES.reduce((sum, s) => sum + bySeverity[s], 0),
      bySeverity,
    };
  });
}

/**
 * Trend over the last four weeks up to the window's end (PRODUCT.md): the open
 * count at five weekly points, and "going the wrong way" when it rose in each
 * of the last two weeks.
 */
export async function burnDownTrend(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Promise<BurnDownTrend> {
  const series = await burnDownSeries(db, entityRefs, lastDays(window, 29));
  const weekly = [0, 7, 14, 21, 28].map(offset => ({
    date: series[offset].date,
    open: series[offset].total,
  }));
  const change = (week: number) => weekly[week].open - weekly[week - 1].open;
  return {
    weekly,
    changeOverFourWeeks: weekly[4].open - weekly[0].open,
    wrongWay: change(3) > 0 && change(4) > 0,
  };
}
