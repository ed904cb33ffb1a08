import { Knex } from 'knex';
import {
  BurnDownPoint,
  BurnDownTrend,
  Severity,
  SEVERITIES,
} from '@quality-pulse/plugin-quality-common';
import { DAY_MS, utcDay } from '../database/burnDownRollup';
import { toNumber } from '../database/normalise';
import { TimeWindow } from './window';

function emptyCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map(s => [s, 0])) as Record<
    Severity,
    number
  >;
}

function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Open bugs per severity at the end of each UTC day from `firstDay` to
 * `lastDay`, read from the daily rollup, never from raw history: everything
 * before the range folds into one baseline row per severity, and the running
 * sum over the remaining days is a window function.
 */
export async function burnDownSeries(
  db: Knex,
  entityRefs: string[],
  firstDay: number,
  lastDay: number,
): Promise<BurnDownPoint[]> {
  const bucketed = db('quality_bug_daily_deltas')
    .whereIn('entity_ref', entityRefs)
    .where('day', '<=', lastDay)
    .select(
      'severity',
      'delta',
      db.raw('CASE WHEN day < ? THEN ? ELSE day END AS bucket', [
        firstDay,
        firstDay - 1,
      ]),
    );
  const rows: Array<{ severity: Severity; day: unknown; open_count: unknown }> =
    await db
      .with('bucketed', bucketed)
      .with(
        'changes',
        db.raw(
          'SELECT severity, bucket AS day, SUM(delta) AS delta FROM bucketed GROUP BY severity, bucket',
        ),
      )
      .from('changes')
      .select(
        'severity',
        'day',
        db.raw(
          'SUM(delta) OVER (PARTITION BY severity ORDER BY day ROWS UNBOUNDED PRECEDING) AS open_count',
        ),
      )
      .orderBy('day');

  // Rows exist only for days where something changed; the days in between carry the count forward.
  const counts = emptyCounts();
  const points: BurnDownPoint[] = [];
  let next = 0;
  for (let day = firstDay - 1; day <= lastDay; day++) {
    while (next < rows.length && toNumber(rows[next].day) === day) {
      counts[rows[next].severity] = toNumber(rows[next].open_count);
      next += 1;
    }
    if (day >= firstDay) {
      const bySeverity = { ...counts };
      points.push({
        date: isoDate(day),
        total: SEVERITIES.reduce((sum, s) => sum + bySeverity[s], 0),
        bySeverity,
      });
    }
  }
  return points;
}

/** The UTC days a window covers, the last one being the day of its final millisecond. */
export function windowDays(window: TimeWindow): {
  firstDay: number;
  lastDay: number;
} {
  return { firstDay: utcDay(window.start), lastDay: utcDay(window.end - 1) };
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
  const { lastDay } = windowDays(window);
  const series = await burnDownSeries(db, entityRefs, lastDay - 28, lastDay);
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
