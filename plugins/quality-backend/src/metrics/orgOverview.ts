import { Knex } from 'knex';
import {
  BudgetCeilings,
  DurationStats,
  OrgOverviewNode,
  OrgQualityOverview,
} from '@quality-pulse/plugin-quality-common';
import { Organisation, OrgGroup } from '../catalog/organisation';
import { describeWindow } from './scopeMetrics';
import { NO_DURATIONS, durationStatsPerGroup } from './durationStats';
import { addCounts, emptyCounts, entityRollups } from './entityRollups';
import { ratioOf } from './ratios';
import { openBugsOf } from './openBugs';
import { budgetOf } from './squadSummary';
import { groupScope, resolvedIncidentsPerGroup } from './incidents';
import { TimeWindow } from './window';

const STATE_KEYS = {
  within: 'within',
  'at-risk': 'atRisk',
  breached: 'breached',
} as const;

/**
 * MTTR of every group at once. Percentiles do not add up, so each group's
 * incidents are ranked in SQL: a (group, entity) scope table joins the
 * incidents, each incident counts once per group, and every group gets its
 * own partition.
 */
export async function mttrPerGroup(
  db: Knex,
  org: Organisation,
  window: TimeWindow,
): Promise<Map<string, DurationStats>> {
  const scope = groupScope(db, org);
  if (!scope) {
    return new Map();
  }
  const durations = db
    .from(resolvedIncidentsPerGroup(db, window).as('once'))
    .select(
      'group_ref',
      'severity',
      db.raw('resolved_at - started_at AS value'),
    );
  return durationStatsPerGroup(
    db,
    db.raw(`
      SELECT group_ref || ' overall' AS grp, value FROM durations
      UNION ALL
      SELECT group_ref || ' critical' AS grp, value FROM durations WHERE severity IN ('P0', 'P1')`),
    { scope, durations },
  );
}

/**
 * The org-wide overview: the group tree in catalog order (not a ranking),
 * each node with the rollup of everything it and its children own.
 */
export async function orgOverview(
  db: Knex,
  org: Organisation,
  options: { window: TimeWindow; now: number; defaultCeilings: BudgetCeilings },
): Promise<OrgQualityOverview> {
  const allEntities = org.allEntityRefs();
  const [rollups, mttrs] = await Promise.all([
    entityRollups(db, allEntities, options.window, options.now),
    mttrPerGroup(db, org, options.window),
  ]);

  const nodeOf = (group: OrgGroup): OrgOverviewNode => {
    const entityRefs = org.entitiesOf(group.ref);
    const total = entityRefs
      .map(ref => rollups.get(ref)!)
      .reduce(addCounts, emptyCounts());
    const [w0, , w2, w3, w4] = total.weekly;
    const budget = budgetOf(group, total, options.defaultCeilings);
    const children = group.childRefs.map(ref => nodeOf(org.get(ref)!));
    const squadBudgets = { within: 0, atRisk: 0, breached: 0 };
    if (budget) {
      squadBudgets[STATE_KEYS[budget.state]] += 1;
    }
    for (const child of children) {
      squadBudgets.within += child.squadBudgets.within;
      squadBudgets.atRisk += child.squadBudgets.atRisk;
      squadBudgets.breached += child.squadBudgets.breached;
    }
    return {
      groupRef: group.ref,
      title: group.title,
      type: group.type,
      entityCount: entityRefs.length,
      openBugs: openBugsOf(total.open),
      escapedDefectRate: ratioOf(total.escaped),
      reworkRate: ratioOf(total.rework),
      mttr: {
        critical: mttrs.get(`${group.ref} critical`) ?? NO_DURATIONS,
        overall: mttrs.get(`${group.ref} overall`) ?? NO_DURATIONS,
      },
      // Same rule as burnDownTrend: up in each of the last two weeks.
      trend: { changeOverFourWeeks: w4 - w0, wrongWay: w3 > w2 && w4 > w3 },
      budget,
      squadBudgets,
      children,
      ...(group.warning ? { warning: group.warning } : {}),
    };
  };
  return {
    window: describeWindow(options.window),
    roots: org.roots().map(nodeOf),
  };
}
