import { Knex } from 'knex';
import {
  BudgetCeilings,
  DurationStats,
  OrgOverviewNode,
  OrgQualityOverview,
} from '@quality-pulse/plugin-quality-common';
import { Organisation, OrgGroup } from '../catalog/organisation';
import { describeWindow } from './scopeMetrics';
import { NO_DURATIONS } from './durationStats';
import {
  addCounts,
  emptyCounts,
  EntityCounts,
  entityRollups,
} from './entityRollups';
import { mttrPerGroup } from './mttr';
import { ratioOf } from './ratios';
import { openBugsOf } from './openBugs';
import { budgetOf } from './squadSummary';
import { TimeWindow } from './window';

const STATE_KEYS = {
  within: 'within',
  'at-risk': 'atRisk',
  breached: 'breached',
} as const;

/** What the overview adds up: counts per entity and MTTR per group (`<group> overall` / `<group> critical`). */
export interface OverviewFigures {
  rollups: Map<string, EntityCounts>;
  mttrs: Map<string, DurationStats>;
}

/** The overview's figures computed from scratch. */
export async function overviewFigures(
  db: Knex,
  org: Organisation,
  window: TimeWindow,
  now: number,
): Promise<OverviewFigures> {
  const [rollups, mttrs] = await Promise.all([
    entityRollups(db, org.allEntityRefs(), window, now),
    mttrPerGroup(db, org, window),
  ]);
  return { rollups, mttrs };
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
  return assembleOverview(
    org,
    await overviewFigures(db, org, options.window, options.now),
    options,
  );
}

/** The group tree with each node's sums, from figures however they were gathered. */
export function assembleOverview(
  org: Organisation,
  { rollups, mttrs }: OverviewFigures,
  options: { window: TimeWindow; defaultCeilings: BudgetCeilings },
): OrgQualityOverview {
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
