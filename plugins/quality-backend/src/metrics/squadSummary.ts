import { Knex } from 'knex';
import {
  BudgetCeilings,
  QualityBudget,
  SquadQualitySummary,
} from '@quality-pulse/plugin-quality-common';
import { Organisation, OrgGroup } from '../catalog/organisation';
import {
  addBugCounts,
  BugCounts,
  bugRollups,
  emptyBugCounts,
} from './entityRollups';
import { openBugsOf } from './openBugs';
import { budgetConsumers, ceilingsFor, evaluateBudget } from './qualityBudget';
import { ratioOf } from './ratios';
import { AnswerPart, computeEveryPart } from './keptParts';
import { scopeMetrics } from './scopeMetrics';
import { TimeWindow } from './window';

/** Budgets belong to squads (PRODUCT.md): groups of spec.type team. Others get null. */
export function budgetOf(
  group: OrgGroup,
  counts: BugCounts,
  defaults: BudgetCeilings,
): QualityBudget | null {
  if (group.type !== 'team') {
    return null;
  }
  const { ceilings, overrides } = ceilingsFor(group.annotations, defaults);
  return evaluateBudget(
    { openP2: counts.open.P2, criticalAgeMinutes: counts.criticalAgeMinutes },
    ceilings,
    overrides,
  );
}

/**
 * A squad's summary: everything the group owns, its child groups' included
 * (PRODUCT.md, "Entities and ownership"), with its quality budget and the
 * services behind the numbers. Its parts go through `part`, which may serve
 * one kept while none of the kinds of data it reads was written.
 */
export async function squadSummary(
  db: Knex,
  org: Organisation,
  group: OrgGroup,
  options: { window: TimeWindow; now: number; defaultCeilings: BudgetCeilings },
  part: AnswerPart = computeEveryPart,
): Promise<SquadQualitySummary> {
  const { window, now } = options;
  const scope = org.entitiesOf(group.ref);
  // Open bugs now and their ages (the budget), escaped bugs per service.
  const bugCounts = part('bug counts', ['bugs'], () =>
    Promise.all([
      budgetConsumers(db, scope, now),
      bugRollups(db, scope, window, now),
    ]),
  );
  const totals = bugCounts.then(([, perService]) =>
    [...perService.values()].reduce(addBugCounts, emptyBugCounts()),
  );
  const [metrics, [consumers, rollups], total] = await Promise.all([
    // The squad's escaped rate and trend: its services' counts added up.
    scopeMetrics(db, scope, window, part, () => totals),
    bugCounts,
    totals,
  ]);
  return {
    groupRef: group.ref,
    title: group.title,
    ...metrics,
    entityRefs: scope,
    childGroupRefs: group.childRefs,
    openBugs: openBugsOf(total.open),
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
