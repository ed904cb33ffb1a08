import { Severity } from './severity';

/**
 * A squad's quality budget ceilings (PRODUCT.md, "Quality budget"): at most
 * `maxOpenP2` open P2 bugs, and at most `maxAgedCritical` open P0/P1 bugs older
 * than `criticalMaxAgeDays`. Defaults come from app-config; a group overrides
 * them with the `quality.backstage.io/budget-*` annotations.
 *
 * @public
 */
export interface BudgetCeilings {
  maxOpenP2: number;
  maxAgedCritical: number;
  criticalMaxAgeDays: number;
}

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
export type BudgetState = 'within' | 'at-risk' | 'breached';

/** @public */
export interface QualityBudget {
  state: BudgetState;
  ceilings: BudgetCeilings;
  /** Ceiling names overridden by the group's annotations. */
  overrides: Array<keyof BudgetCeilings>;
  openP2: { used: number; ceiling: number };
  agedCritical: {
    used: number;
    ceiling: number;
    /** Open P0/P1 bugs at 80 % or more of the age limit, the aged ones included. */
    nearlyAged: number;
  };
}

/** An open bug that consumes budget, for the drill-down list (oldest first). No person is named. @public */
export interface BudgetConsumer {
  source: string;
  externalId: string;
  title: string;
  url: string | null;
  severity: Severity;
  entityRef: string;
  openedAt: string;
  ageDays: number;
}
