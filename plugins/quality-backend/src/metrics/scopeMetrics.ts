import { Knex } from 'knex';
import {
  BurnDownTrend,
  DurationBreakdown,
  MetricWindow,
  Ratio,
  RootCauseCoverage,
} from '@quality-pulse/plugin-quality-common';
import { bugTimeToFix } from './bugTimeToFix';
import { burnDownTrend } from './burnDown';
import { mttr } from './mttr';
import { escapedDefectRate, reworkRate, rootCauseCoverage } from './ratios';
import { TimeWindow } from './window';

/** The windowed metrics every summary shows, for one entity or a squad's entities alike. */
export interface ScopeMetrics {
  window: MetricWindow;
  mttr: DurationBreakdown;
  bugTimeToFix: DurationBreakdown;
  escapedDefectRate: Ratio;
  reworkRate: Ratio;
  rootCauseCoverage: RootCauseCoverage;
  burnDownTrend: BurnDownTrend;
}

export async function scopeMetrics(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Promise<ScopeMetrics> {
  const [restore, fix, escaped, rework, coverage, trend] = await Promise.all([
    mttr(db, entityRefs, window),
    bugTimeToFix(db, entityRefs, window),
    escapedDefectRate(db, entityRefs, window),
    reworkRate(db, entityRefs, window),
    rootCauseCoverage(db, entityRefs, window),
    burnDownTrend(db, entityRefs, window),
  ]);
  return {
    window: describeWindow(window),
    mttr: restore,
    bugTimeToFix: fix,
    escapedDefectRate: escaped,
    reworkRate: rework,
    rootCauseCoverage: coverage,
    burnDownTrend: trend,
  };
}

/** The window as the API reports it. */
export function describeWindow(window: TimeWindow): MetricWindow {
  return {
    start: new Date(window.start).toISOString(),
    end: new Date(window.end).toISOString(),
    days: window.days,
  };
}
