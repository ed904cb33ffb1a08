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
 * rollups, never from raw history: each quarter-hour delta of the window falls
 * into the day its quarter belongs to, and the running sum over the days
 * gives the count at each day's end. The count before the first day is the
 * open count now less the net change since, so only the deltas from the
 * window's start on are read, however long the history before it.
 */
export async function burnDownSeries(
  db: Knex,
  entityRefs: string[],
  days: CalendarDays,
): Promise<BurnDownPoint[]> {
  const [start, end] = [days.starts[0], days.starts[days.starts.length - 1]];
  const deltas = () =>
    db('quality_bug_open_deltas').whereIn('entity_ref', entityRefs);
  const [rows, after, openNow]: Array<
    Array<{ severity: Severity; day_index?: unknown; delta: unknown }>
  > = await Promise.all([
    db
      .from(
        deltas()
          .where('quarter', '>=', start)
          .where('quarter', '<', end)
          .select(
            'severity',
            'delta',
            db.raw(`${dayIndexSql(days)} AS day_index`),
          )
          .as('d'),
      )
      .groupBy('severity', 'day_index')
      .select('severity', 'day_index', db.raw('SUM(delta) AS delta')),
    deltas()
      .where('quarter', '>=', end)
      .groupBy('severity')
      .select('severity', db.raw('SUM(delta) AS delta')),
    db('quality_bug_open_counts')
      .whereIn('entity_ref', entityRefs)
      .groupBy('severity')
      .select('severity', db.raw('SUM(open) AS delta')),
  ]);

  const changes = days.dates.map(() => emptyCounts());
  const counts = emptyCounts();
  for (const row of openNow) counts[row.severity] += toNumber(row.delta);
  for (const row of after) counts[row.severity] -= toNumber(row.delta);
  for (const row of rows) {
    const change = toNumber(row.delta);
    changes[toNumber(row.day_index)][row.severity] += change;
    counts[row.severity] -= change;
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

/** The days of the four-week trend whose ends are its five points. */
const WEEK_ENDS = [0, 7, 14, 21, 28];

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
  return trendOf(WEEK_ENDS.map(offset => series[offset]));
}

/**
 * The trend from the open counts at the ends of those days, oldest first, as
 * added up per service (`bugRollups`' weekly points): a squad's summary has
 * them already, and reads no deltas again.
 */
export function trendFromWeeklyCounts(
  window: TimeWindow,
  weekly: number[],
): BurnDownTrend {
  const { dates } = lastDays(window, 29);
  return trendOf(
    WEEK_ENDS.map((offset, i) => ({ date: dates[offset], total: weekly[i] })),
  );
}

function trendOf(
  points: Array<{ date: string; total: number }>,
): BurnDownTrend {
  const weekly = points.map(({ date, total }) => ({ date, open: total }));
  const change = (week: number) => weekly[week].open - weekly[week - 1].open;
  return {
    weekly,
    changeOverFourWeeks: weekly[4].open - weekly[0].open,
    wrongWay: change(3) > 0 && change(4) > 0,
  };
}
