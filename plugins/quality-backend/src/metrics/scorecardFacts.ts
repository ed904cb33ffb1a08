import { Knex } from 'knex';
import {
  BudgetCeilings,
  QualityBudget,
  Severity,
} from '@quality-pulse/plugin-quality-common';
import { Organisation, OrgGroup } from '../catalog/organisation';
import { entitiesWithData } from './dataSources';
import {
  addCounts,
  emptyCounts,
  EntityCounts,
  entityRollups,
} from './entityRollups';
import { durationStatsPerGroup } from './durationStats';
import { mttrPerGroup } from './mttr';
import {
  NO_TIMELINESS,
  PostmortemTimeliness,
  postmortemTimelinessByEntity,
  postmortemTimelinessByGroup,
} from './postmortemTimeliness';
import { ceilingsFor } from './qualityBudget';
import { rootCauseCoverageByEntity, rootCauseCoverageByGroup } from './ratios';
import { learningLoopByEntity } from './learningLoop';
import { budgetOf } from './squadSummary';
import { TimeWindow } from './window';

interface Parts {
  numerator: number;
  denominator: number;
}

/** The budget a scorecard reads: the squad's own, or the owning squad's for an entity. */
export interface BudgetFacts extends QualityBudget {
  groupRef: string;
  /** The squad's display name, for reasons and notifications. */
  title: string;
}

/**
 * The figures every check of one entity or squad reads. Counts add up from
 * entities to squads; the MTTR median does not, so squads get their own.
 */
export interface ScopeFacts {
  entityCount: number;
  entitiesWithoutDataSource: number;
  open: Record<Severity, number>;
  agedCritical: number;
  criticalMaxAgeDays: number;
  budget: BudgetFacts | null;
  escaped: Parts;
  rework: Parts;
  rootCause: Parts;
  mttrCritical: { count: number; medianMs: number | null };
  /** Open bugs at the five weekly burn-down points, oldest first. */
  weeklyOpen: number[];
  postmortems: PostmortemTimeliness;
  /** Open actions past their due date and follow-up reviews past theirs. */
  learning: { overdueActions: number; overdueFollowUps: number };
}

export interface FactsOptions {
  window: TimeWindow;
  now: number;
  defaultCeilings: BudgetCeilings;
}

/**
 * Gathers the facts of every given entity and of every squad (Group of type
 * team) in the org with a handful of grouped queries, whatever the number of
 * entities: scorecards for thousands of services must not mean thousands of
 * queries.
 */
export async function gatherFacts(
  db: Knex,
  org: Organisation,
  entityRefs: string[],
  options: FactsOptions,
): Promise<{
  entities: Map<string, ScopeFacts>;
  squads: Map<string, ScopeFacts>;
}> {
  const { window, now } = options;
  const [
    rollups,
    withData,
    mttrs,
    timeliness,
    coverage,
    squadMttrs,
    squadTimeliness,
    squadCoverage,
    loops,
  ] = await Promise.all([
    entityRollups(db, entityRefs, window, now),
    entitiesWithData(db),
    criticalMttrByEntity(db, entityRefs, window),
    postmortemTimelinessByEntity(db, entityRefs, window, now),
    rootCauseCoverageByEntity(db, entityRefs, window),
    // Incidents that hit several of a squad's services count once: per group.
    mttrPerGroup(db, org, window),
    postmortemTimelinessByGroup(db, org, window, now),
    rootCauseCoverageByGroup(db, org, window),
    learningLoopByEntity(db, entityRefs, now),
  ]);

  const squads = [...org.groups.values()].filter(g => g.type === 'team');
  const ownerOf = new Map<string, OrgGroup>();
  for (const group of org.groups.values()) {
    group.ownedEntityRefs.forEach(ref => ownerOf.set(ref, group));
  }
  // Each squad's counts, summed once: its budget and its own facts both read them.
  const squadTotals = new Map<string, EntityCounts>();
  const squadBudgets = new Map<string, BudgetFacts>();
  for (const squad of squads) {
    const total = org
      .entitiesOf(squad.ref)
      .map(ref => rollups.get(ref) ?? emptyCounts())
      .reduce(addCounts, emptyCounts());
    squadTotals.set(squad.ref, total);
    const budget = budgetOf(squad, total, options.defaultCeilings);
    if (budget) {
      squadBudgets.set(squad.ref, {
        ...budget,
        groupRef: squad.ref,
        title: squad.title,
      });
    }
  }

  const entities = new Map<string, ScopeFacts>();
  for (const ref of entityRefs) {
    const counts = rollups.get(ref) ?? emptyCounts();
    const owner = ownerOf.get(ref);
    const { ceilings } = ceilingsFor(
      owner?.annotations ?? {},
      options.defaultCeilings,
    );
    const mttr = mttrs.get(ref);
    entities.set(ref, {
      entityCount: 1,
      entitiesWithoutDataSource: withData.has(ref) ? 0 : 1,
      open: counts.open,
      agedCritical: agedCount(counts, ceilings.criticalMaxAgeDays),
      criticalMaxAgeDays: ceilings.criticalMaxAgeDays,
      budget: owner ? squadBudgets.get(owner.ref) ?? null : null,
      escaped: counts.escaped,
      rework: counts.rework,
      rootCause: partsOf(coverage.get(ref)),
      mttrCritical: {
        count: mttr?.count ?? 0,
        medianMs: mttr?.medianMs ?? null,
      },
      weeklyOpen: counts.weekly,
      postmortems: timeliness.get(ref) ?? NO_TIMELINESS,
      learning: loops.get(ref) ?? { overdueActions: 0, overdueFollowUps: 0 },
    });
  }

  const squadFacts = new Map<string, ScopeFacts>();
  for (const squad of squads) {
    const refs = org.entitiesOf(squad.ref);
    const parts = refs.map(ref => entities.get(ref)).filter(isDefined);
    const total = squadTotals.get(squad.ref)!;
    const budget = squadBudgets.get(squad.ref) ?? null;
    const mttr = squadMttrs.get(`${squad.ref} critical`);
    squadFacts.set(squad.ref, {
      entityCount: refs.length,
      entitiesWithoutDataSource: sum(parts, f => f.entitiesWithoutDataSource),
      open: total.open,
      agedCritical: budget?.agedCritical.used ?? 0,
      criticalMaxAgeDays: budget?.ceilings.criticalMaxAgeDays ?? 0,
      budget,
      escaped: total.escaped,
      rework: total.rework,
      rootCause: partsOf(squadCoverage.get(squad.ref)),
      mttrCritical: {
        count: mttr?.count ?? 0,
        medianMs: mttr?.medianMs ?? null,
      },
      weeklyOpen: total.weekly,
      postmortems: squadTimeliness.get(squad.ref) ?? NO_TIMELINESS,
      learning: {
        overdueActions: sum(parts, f => f.learning.overdueActions),
        overdueFollowUps: sum(parts, f => f.learning.overdueFollowUps),
      },
    });
  }
  return { entities, squads: squadFacts };
}

function agedCount(counts: EntityCounts, maxAgeDays: number): number {
  return counts.criticalAgeMinutes
    .filter(age => age.minutes >= maxAgeDays * 24 * 60)
    .reduce((total, age) => total + age.count, 0);
}

/** P0/P1 MTTR per entity: one ranked query, each entity its own partition. */
async function criticalMttrByEntity(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
) {
  return durationStatsPerGroup(
    db,
    db('quality_incidents')
      .whereIn('entity_ref', entityRefs)
      .whereIn('severity', ['P0', 'P1'])
      .whereNotNull('resolved_at')
      .where('resolved_at', '>=', window.start)
      .where('resolved_at', '<', window.end)
      .select(
        { grp: 'entity_ref' },
        db.raw('resolved_at - started_at AS value'),
      ),
  );
}

function partsOf(ratio?: Parts): Parts {
  return {
    numerator: ratio?.numerator ?? 0,
    denominator: ratio?.denominator ?? 0,
  };
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
