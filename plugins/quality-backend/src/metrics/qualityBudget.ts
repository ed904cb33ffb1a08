import { Knex } from 'knex';
import {
  BUDGET_ANNOTATIONS,
  BudgetCeilings,
  BudgetConsumer,
  QualityBudget,
  Severity,
} from '@quality-pulse/plugin-quality-common';
import { toNumber } from '../database/normalise';
import { DAY_MS } from '../time';

/** Share of a ceiling from which a budget is "at risk" (PRODUCT.md). */
const AT_RISK_SHARE = 0.8;

/** PRODUCT.md's starting ceilings: at most 20 open P2, no P0/P1 older than 7 days. */
export const DEFAULT_CEILINGS: BudgetCeilings = {
  maxOpenP2: 20,
  maxAgedCritical: 0,
  criticalMaxAgeDays: 7,
};

/**
 * The ceilings of a group: app-config defaults, overridden by the group's
 * `quality.backstage.io/budget-*` annotations. There is no other way to
 * change them — no override button (PRODUCT.md). An annotation that is not a
 * whole number is ignored, so a typo cannot lift the ceiling.
 */
export function ceilingsFor(
  annotations: Record<string, string>,
  defaults: BudgetCeilings,
): { ceilings: BudgetCeilings; overrides: Array<keyof BudgetCeilings> } {
  const ceilings = { ...defaults };
  const overrides: Array<keyof BudgetCeilings> = [];
  for (const key of Object.keys(BUDGET_ANNOTATIONS) as Array<
    keyof BudgetCeilings
  >) {
    const value = annotations[BUDGET_ANNOTATIONS[key]];
    if (value !== undefined && /^\d+$/.test(value.trim())) {
      ceilings[key] = Number(value.trim());
      overrides.push(key);
    }
  }
  return { ceilings, overrides };
}

/** A count against its ceiling (PRODUCT.md): breached above it, at risk from 80 % of it. */
function stateOf(used: number, ceiling: number): QualityBudget['state'] {
  if (used > ceiling) return 'breached';
  // A ceiling of 0 has no "at risk": 80 % of nothing is nothing.
  return ceiling > 0 && used >= ceiling * AT_RISK_SHARE ? 'at-risk' : 'within';
}

const MINUTES_A_DAY = 24 * 60;

/**
 * Evaluates a budget from counts: open P2 bugs, and open P0/P1 bugs by age in
 * whole minutes. Every open bug consumes budget; every fix restores it.
 *
 * For each ceiling: breached when the count is above it, at risk when it is
 * at least 80 % of it (a ceiling of 0 is never at risk by this rule). The
 * aged-P0/P1 ceiling is also at risk when more P0/P1 bugs than it allows are
 * past 80 % of the age limit: they will breach it soon. The budget takes the
 * worst of the two. Ages are whole minutes: 80 % of whole days is a whole
 * number of minutes, so the rule is exact, and the same on every database.
 */
export function evaluateBudget(
  counts: {
    openP2: number;
    criticalAgeMinutes: Array<{ minutes: number; count: number }>;
  },
  ceilings: BudgetCeilings,
  overrides: Array<keyof BudgetCeilings> = [],
): QualityBudget {
  const limit = ceilings.criticalMaxAgeDays * MINUTES_A_DAY;
  const olderThan = (minutes: number) =>
    counts.criticalAgeMinutes
      .filter(a => a.minutes >= minutes)
      .reduce((sum, a) => sum + a.count, 0);
  const aged = olderThan(limit);
  const nearlyAged = olderThan(limit * AT_RISK_SHARE);

  const states = [
    stateOf(counts.openP2, ceilings.maxOpenP2),
    stateOf(aged, ceilings.maxAgedCritical),
    nearlyAged > ceilings.maxAgedCritical ? 'at-risk' : 'within',
  ];
  const breached = states.includes('breached');
  const atRisk = states.includes('at-risk');
  let state: QualityBudget['state'] = 'within';
  if (breached) {
    state = 'breached';
  } else if (atRisk) {
    state = 'at-risk';
  }
  return {
    state,
    ceilings,
    overrides,
    openP2: { used: counts.openP2, ceiling: ceilings.maxOpenP2 },
    agedCritical: { used: aged, ceiling: ceilings.maxAgedCritical, nearlyAged },
  };
}

/** The open P0/P1/P2 bugs of these entities, oldest first: what the budget is spent on. */
export async function budgetConsumers(
  db: Knex,
  entityRefs: string[],
  now: number,
  limit = 100,
): Promise<BudgetConsumer[]> {
  const rows = await db('quality_bugs')
    .whereIn('entity_ref', entityRefs)
    .where('status', 'open')
    .whereIn('severity', ['P0', 'P1', 'P2'])
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .limit(limit)
    .select(
      'source',
      'external_id',
      'title',
      'url',
      'severity',
      'entity_ref',
      'created_at',
    );
  return rows.map(row => ({
    source: row.source,
    externalId: row.external_id,
    title: row.title,
    url: row.url ?? null,
    severity: row.severity as Severity,
    entityRef: row.entity_ref,
    openedAt: new Date(toNumber(row.created_at)).toISOString(),
    ageDays: Math.floor((now - toNumber(row.created_at)) / DAY_MS),
  }));
}

/** What a budget is spent on, in words: "21 open P2 (at most 20), 0 P0/P1 older than 7 days (at most 0)". */
export function describeBudgetUse(budget: QualityBudget): string {
  return (
    `${budget.openP2.used} open P2 (at most ${budget.openP2.ceiling}), ` +
    `${budget.agedCritical.used} P0/P1 older than ${budget.ceilings.criticalMaxAgeDays} days (at most ${budget.agedCritical.ceiling})`
  );
}
