import { Knex } from 'knex';
import { MonthlyPoint } from '@quality-pulse/plugin-quality-common';
import { mttr } from './mttr';
import { openBugTotalsAtEndOfDays } from './openBugsOnDay';
import { escapedDefectRate, reworkRate, rootCauseCoverage } from './ratios';
import { TimeWindow } from './window';
import { DAY_MS } from '../time';

/**
 * The `count` calendar months (UTC) up to and including the current one,
 * oldest first, each [its first day, the next month's) — the current month up
 * to `now`.
 */
export function monthsBack(now: number, count: number): TimeWindow[] {
  const today = new Date(now);
  return Array.from({ length: count }, (_, i) => {
    const start = Date.UTC(
      today.getUTCFullYear(),
      today.getUTCMonth() - (count - 1 - i),
      1,
    );
    const next = Date.UTC(
      today.getUTCFullYear(),
      today.getUTCMonth() - (count - 2 - i),
      1,
    );
    const end = Math.min(next, now);
    return { start, end, days: Math.round((end - start) / DAY_MS) };
  });
}

/**
 * The long view of some entities: per month, the rates with their parts, the
 * P0/P1 MTTR and the open bugs at month end, each computed as the window
 * figures are (the same SQL over one month), so a month's point equals the
 * summary of that month.
 */
export async function monthlyTrends(
  db: Knex,
  entityRefs: string[],
  now: number,
  months = 12,
): Promise<MonthlyPoint[]> {
  const windows = monthsBack(now, months);
  const [points, openAtMonthEnd] = await Promise.all([
    Promise.all(
      windows.map(async window => {
        const [escaped, rework, coverage, restore] = await Promise.all([
          escapedDefectRate(db, entityRefs, window),
          reworkRate(db, entityRefs, window),
          rootCauseCoverage(db, entityRefs, window),
          mttr(db, entityRefs, window),
        ]);
        return {
          month: new Date(window.start).toISOString().slice(0, 7),
          escapedDefectRate: escaped,
          reworkRate: rework,
          rootCauseCoverage: coverage,
          mttrCritical: restore.critical,
        };
      }),
    ),
    // Each month's last day (today, for the current month), in one pass.
    openBugTotalsAtEndOfDays(
      db,
      entityRefs,
      windows.map(window => Math.floor((window.end - 1) / DAY_MS)),
    ),
  ]);
  return points.map((point, i) => ({
    ...point,
    openBugsAtMonthEnd: openAtMonthEnd[i],
  }));
}
