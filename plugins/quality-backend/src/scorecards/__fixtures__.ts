// Test helper: budgets computed by the real budget code from counts.
import { QualityBudget } from '@quality-pulse/plugin-quality-common';
import { DEFAULT_CEILINGS, evaluateBudget } from '../metrics/qualityBudget';
import { BudgetFacts } from '../metrics/scorecardFacts';

export function evaluateDefaultBudget(counts: {
  openP2: number;
  agedCriticalHours?: number[];
}): BudgetFacts {
  const budget: QualityBudget = evaluateBudget(
    {
      openP2: counts.openP2,
      criticalAgeMinutes: (counts.agedCriticalHours ?? []).map(hours => ({
        minutes: hours * 60,
        count: 1,
      })),
    },
    DEFAULT_CEILINGS,
  );
  return {
    ...budget,
    groupRef: 'group:default/payments-squad',
    title: 'Payments squad',
  };
}
