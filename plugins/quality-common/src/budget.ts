import type {
  QualityBudgetCeilings,
  QualityBudgetStateEnum,
} from './schema/openapi/generated/models';

/**
 * A squad's quality budget ceilings (PRODUCT.md, "Quality budget"): at most
 * `maxOpenP2` open P2 bugs, and at most `maxAgedCritical` open P0/P1 bugs older
 * than `criticalMaxAgeDays`. Defaults come from app-config; a group overrides
 * them with the `quality.backstage.io/budget-*` annotations.
 *
 * @public
 */
export type BudgetCeilings = QualityBudgetCeilings;

/** The annotations a Group uses to override its ceilings. @public */
export const BUDGET_ANNOTATIONS = {
  maxOpenP2: 'quality.backstage.io/budget-max-open-p2',
  maxAgedCritical: 'quality.backstage.io/budget-max-aged-critical',
  criticalMaxAgeDays: 'quality.backstage.io/budget-critical-max-age-days',
} as const;

/**
 * Per ceiling: breached above it — the next sprint is a bug-fix sprint;
 * at-risk from 80 % of it (a ceiling of 0 has no at-risk state); the aged
 * P0/P1 ceiling is also at risk when more P0/P1 bugs than it allows have
 * passed 80 % of the age limit. within otherwise. The worse state of the two
 * ceilings is the budget's (docs/metrics.md).
 *
 * @public
 */
export type BudgetState = QualityBudgetStateEnum;
