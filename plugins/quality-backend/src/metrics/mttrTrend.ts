import { Knex } from 'knex';
import { MttrWeek } from '@quality-pulse/plugin-quality-common';
import { durationStatsPerGroup, NO_DURATIONS } from './durationStats';
import { resolvedIncidents } from './incidents';
import { TimeWindow } from './window';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Weeks of the window counted back from its end, oldest first: the newest week
 * is always whole, the oldest may be cut short by the window's start.
 */
export function weeksOf(
  window: TimeWindow,
): Array<{ start: number; end: number }> {
  const count = Math.ceil((window.end - window.start) / WEEK_MS);
  return Array.from({ length: count }, (_, i) => {
    const back = count - 1 - i;
    return {
      start: Math.max(window.start, window.end - (back + 1) * WEEK_MS),
      end: window.end - back * WEEK_MS,
    };
  });
}

/**
 * The MTTR trend: median time to restore (P0+P1 and all severities) of the
 * incidents resolved in each week of the window, in one query. Weeks without
 * a resolved incident are listed with a count of 0 and no median, so a chart
 * shows a gap rather than a fall to zero.
 */
export async function mttrWeekly(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Promise<MttrWeek[]> {
  const weeks = weeksOf(window);
  // Truncated on both databases (SQLite may bind REAL): end - 1 keeps a resolution at the
  // window's last millisecond in the newest week (number 0).
  const durations = db
    .from(resolvedIncidents(db, entityRefs, window).as('once'))
    .select(
      'severity',
      db.raw('CAST((? - resolved_at) / ? AS INTEGER) AS back', [
        window.end - 1,
        WEEK_MS,
      ]),
      db.raw('resolved_at - started_at AS value'),
    );
  const stats = await durationStatsPerGroup(
    db,
    db.raw(`
      SELECT 'all:' || CAST(back AS TEXT) AS grp, value FROM durations
      UNION ALL
      SELECT 'critical:' || CAST(back AS TEXT) AS grp, value FROM durations
        WHERE severity IN ('P0', 'P1')`),
    { durations },
  );
  return weeks.map((week, i) => {
    const back = weeks.length - 1 - i;
    return {
      start: new Date(week.start).toISOString(),
      end: new Date(week.end).toISOString(),
      critical: stats.get(`critical:${back}`) ?? NO_DURATIONS,
      overall: stats.get(`all:${back}`) ?? NO_DURATIONS,
    };
  });
}
