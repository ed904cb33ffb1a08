import { Knex } from 'knex';
import {
  DurationStats,
  Ratio,
  RootCauseCoverage,
  SEVERITIES,
} from '@quality-pulse/plugin-quality-common';
import { mttr } from './mttr';
import { openBugsAtEndOfDay } from './openBugsOnDay';
import { escapedDefectRate, reworkRate, rootCauseCoverage } from './ratios';
import { TimeWindow } from './window';

const DAY_MS = 24 * 60 * 60 * 1000;

/** One calendar month (UTC) of the long view. */
export interface MonthlyPoint {
  /** YYYY-MM. */
  month: string;
  escapedDefectRate: Ratio;
  reworkRate: Ratio;
  rootCauseCoverage: RootCauseCoverage;
  /** Time to restore of the P0/P1 incidents resolved in the month. */
  mttrCritical: DurationStats;
  /** Open bugs at the end of the month's last day (today, for the current month). */
  openBugsAtMonthEnd: number;
}

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
  return Promise.all(
    monthsBack(now, months).map(async window => {
      const lastDay = Math.floor((window.end - 1) / DAY_MS);
      const [escaped, rework, coverage, restore, open] = await Promise.all([
        escapedDefectRate(db, entityRefs, window),
        reworkRate(db, entityRefs, window),
        rootCauseCoverage(db, entityRefs, window),
        mttr(db, entityRefs, window),
        openBugsAtEndOfDay(db, entityRefs, lastDay),
      ]);
      let openBugs = 0;
      for (const bySeverity of open.values()) {
        for (const severity of SEVERITIES)
          openBugs += bySeverity[severity] ?? 0;
      }
      return {
        month: new Date(window.start).toISOString().slice(0, 7),
        escapedDefectRate: escaped,
        reworkRate: rework,
        rootCauseCoverage: coverage,
        mttrCritical: restore.critical,
        openBugsAtMonthEnd: openBugs,
      };
    }),
  );
}
