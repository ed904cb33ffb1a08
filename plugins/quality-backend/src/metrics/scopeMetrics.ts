import { Knex } from 'knex';
import {
  BurnDownTrend,
  DurationBreakdown,
  MetricWindow,
  Ratio,
  RootCauseCoverage,
} from '@quality-pulse/plugin-quality-common';
import { bugTimeToFix } from './bugTimeToFix';
import { burnDownTrend, trendFromWeeklyCounts } from './burnDown';
import { mttr } from './mttr';
import { BugCounts } from './entityRollups';
import {
  escapedDefectRate,
  ratioOf,
  reworkRate,
  rootCauseCoverage,
} from './ratios';
import { AnswerPart, computeEveryPart } from './keptParts';
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

/**
 * The windowed metrics of these entities, each part through `part`, which
 * may serve it kept while no kind of data it reads was written. `counted`:
 * the scope's bug counts when the caller adds them up anyway (a squad's, per
 * service): the escaped rate and the trend are then read off them, not queried.
 */
export async function scopeMetrics(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
  part: AnswerPart = computeEveryPart,
  counted?: () => Promise<Pick<BugCounts, 'escaped' | 'weekly'>>,
): Promise<ScopeMetrics> {
  const [restore, bugs, rework, coverage] = await Promise.all([
    part('mttr', ['incidents'], () => mttr(db, entityRefs, window)),
    part('bug figures', ['bugs'], async () => {
      const totals = counted?.();
      const [fix, escaped, trend] = await Promise.all([
        bugTimeToFix(db, entityRefs, window),
        totals
          ? totals.then(t => ratioOf(t.escaped))
          : escapedDefectRate(db, entityRefs, window),
        totals
          ? totals.then(t => trendFromWeeklyCounts(window, t.weekly))
          : burnDownTrend(db, entityRefs, window),
      ]);
      return { fix, escaped, trend };
    }),
    part('rework rate', ['deployments'], () =>
      reworkRate(db, entityRefs, window),
    ),
    part('root-cause coverage', ['bugs', 'incidents', 'postmortems'], () =>
      rootCauseCoverage(db, entityRefs, window),
    ),
  ]);
  return {
    window: describeWindow(window),
    mttr: restore,
    bugTimeToFix: bugs.fix,
    escapedDefectRate: bugs.escaped,
    reworkRate: rework,
    rootCauseCoverage: coverage,
    burnDownTrend: bugs.trend,
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
