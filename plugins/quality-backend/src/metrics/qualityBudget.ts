import { Knex } from 'knex';
import {
  BUDGET_ANNOTATIONS,
  BudgetCeilings,
  BudgetConsumer,
  QualityBudget,
  Severity,
} from '@quality-pulse/plugin-quality-common';
import { toNumber } from '../database/normalise';

/** Share of a ceiling from which a budget is "at risk" (PRODUCT.md). */
const AT_RISK_SHARE = 0.8;
const DAY_MS = 24 * 60 * 60 * 1000;

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

/**
 * Evaluates a budget from counts: open P2 bugs, and open P0/P1 bugs by age in
 * hours. Every open bug consumes budget; every fix restores it.
 */
export function evaluateBudget(
  counts: {
    openP2: number;
    criticalAgeHours: Array<{ hours: number; count: number }>;
  },
  ceilings: BudgetCeilings,
  overrides: Array<keyof BudgetCeilings> = [],
): QualityBudget {
  const limitHours = ceilings.criticalMaxAgeDays * 24;
  const olderThan = (hours: number) =>
    counts.criticalAgeHours
      .filter(a => a.hours >= hours)
      .reduce((sum, a) => sum + a.count, 0);
  const aged = olderThan(limitHours);
  const nearlyAged = olderThan(limitHours * AT_RISK_SHARE);

  const breached =
    counts.openP2 > ceilings.maxOpenP2 || aged > ceilings.maxAgedCritical;
  const atRisk =
    (ceilings.maxOpenP2 > 0 &&
      counts.openP2 >= ceilings.maxOpenP2 * AT_RISK_SHARE) ||
    nearlyAged > ceilings.maxAgedCritical;
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
