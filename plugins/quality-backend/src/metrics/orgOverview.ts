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
import { TimeWindow } from './window';

const STATE_KEYS = {
  within: 'within',
  'at-risk': 'atRisk',
  breached: 'breached',
} as const;

/**
 * MTTR of every group at once. Percentiles do not add up, so each group's
 * incidents are ranked in SQL: a (group, entity) scope table joins the
 * incidents, and every group gets its own partition.
 */
export async function mttrPerGroup(
  db: Knex,
  org: Organisation,
  window: TimeWindow,
): Promise<Map<string, DurationStats>> {
  const pairs = [...org.groups.keys()].flatMap(groupRef =>
    org.entitiesOf(groupRef).map(entityRef => [groupRef, entityRef]),
  );
  if (pairs.length === 0) {
    return new Map();
  }
  // VALUES columns are column1, column2 on both SQLite and PostgreSQL.
  const scope = db.raw(
    `SELECT column1 AS group_ref, column2 AS entity_ref FROM (VALUES ${pairs
      .map(() => '(?, ?)')
      .join(', ')}) AS pairs`,
    pairs.flat(),
  );
  const durations = db('quality_incidents as i')
    .join('scope as s', 's.entity_ref', 'i.entity_ref')
    .whereNotNull('i.resolved_at')
    .where('i.resolved_at', '>=', window.start)
    .where('i.resolved_at', '<', window.end)
    .select(
      's.group_ref',
      'i.severity',
      db.raw('i.resolved_at - i.started_at AS value'),
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
    };
  };
  return {
    window: describeWindow(options.window),
    roots: org.roots().map(nodeOf),
  };
}
