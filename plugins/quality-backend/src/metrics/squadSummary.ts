import { Knex } from 'knex';
import {
  BudgetCeilings,
  LOW_CONFIDENCE_DENOMINATOR,
  QualityBudget,
  Ratio,
  SEVERITIES,
  Severity,
  SquadQualitySummary,
} from '@quality-pulse/plugin-quality-common';
import { Organisation, OrgGroup } from '../catalog/organisation';
import { bugTimeToFix } from './bugTimeToFix';
import { burnDownTrend } from './burnDown';
import { describeWindow } from './entitySummary';
import {
  addCounts,
  emptyCounts,
  EntityCounts,
  entityRollups,
} from './entityRollups';
import { mttr } from './mttr';
import { budgetConsumers, ceilingsFor, evaluateBudget } from './qualityBudget';
import { escapedDefectRate, reworkRate, rootCauseCoverage } from './ratios';
import { TimeWindow } from './window';

export function ratioOf(counts: {
  numerator: number;
  denominator: number;
}): Ratio {
  return {
    ...counts,
    rate:
      counts.denominator === 0 ? null : counts.numerator / counts.denominator,
    lowConfidence: counts.denominator < LOW_CONFIDENCE_DENOMINATOR,
  };
}

export function openBugsOf(open: Record<Severity, number>) {
  const bySeverity = SEVERITIES.map(severity => ({
    severity,
    count: open[severity],
  }));
  return { total: bySeverity.reduce((sum, s) => sum + s.count, 0), bySeverity };
}

/** Budgets belong to squads (PRODUCT.md): groups of spec.type team. Others get null. */
export function budgetOf(
  group: OrgGroup,
  counts: EntityCounts,
  defaults: BudgetCeilings,
): QualityBudget | null {
  if (group.type !== 'team') {
    return null;
  }
  const { ceilings, overrides } = ceilingsFor(group.annotations, defaults);
  return evaluateBudget(
    { openP2: counts.open.P2, criticalAgeHours: counts.criticalAgeHours },
    ceilings,
    overrides,
  );
}

/**
 * A squad's summary: everything the group owns, its child groups' included
 * (PRODUCT.md, "Entities and ownership"), with its quality budget and the
 * services behind the numbers.
 */
export async function squadSummary(
  db: Knex,
  org: Organisation,
  group: OrgGroup,
  options: { window: TimeWindow; now: number; defaultCeilings: BudgetCeilings },
): Promise<SquadQualitySummary> {
  const { window, now } = options;
  const scope = org.entitiesOf(group.ref);
  const [
    mttrStats,
    timeToFix,
    escaped,
    rework,
    coverage,
    trend,
    consumers,
    rollups,
  ] = await Promise.all([
    mttr(db, scope, window),
    bugTimeToFix(db, scope, window),
    escapedDefectRate(db, scope, window),
    reworkRate(db, scope, window),
    rootCauseCoverage(db, scope, window),
    burnDownTrend(db, scope, window),
    budgetConsumers(db, scope, now),
    entityRollups(db, scope, window, now),
  ]);
  const total = [...rollups.values()].reduce(addCounts, emptyCounts());
  return {
    groupRef: group.ref,
    title: group.title,
    window: describeWindow(window),
    entityRefs: scope,
    childGroupRefs: group.childRefs,
    mttr: mttrStats,
    bugTimeToFix: timeToFix,
    openBugs: openBugsOf(total.open),
    escapedDefectRate: escaped,
    reworkRate: rework,
    rootCauseCoverage: coverage,
    burnDownTrend: trend,
    budget: budgetOf(group, total, options.defaultCeilings),
    budgetConsumers: consumers,
    entities: scope.map(entityRef => {
      const counts = rollups.get(entityRef)!;
      return {
        entityRef,
        openBugs: openBugsOf(counts.open),
        escapedDefectRate: ratioOf(counts.escaped),
      };
    }),
  };
}
