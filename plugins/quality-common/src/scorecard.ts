import { BudgetState } from './budget';

/**
 * What a check concluded. `warn` is a failing check whose severity is
 * `warning`: shown, but it does not hold a level back. `unknown` means the
 * data cannot tell (no data source, too few items to rate); it holds a level
 * back, because a level is a claim the data must support.
 *
 * @public
 */
export type ScorecardCheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';

/** @public */
export const SCORECARD_CHECK_STATUSES: ScorecardCheckStatus[] = [
  'pass',
  'warn',
  'fail',
  'unknown',
];

/** The comparison a check applies to its metric. @public */
export type ScorecardOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** One check's result for one entity or squad, with why and the data behind it. @public */
export interface ScorecardCheckResult {
  checkId: string;
  title: string;
  description: string;
  /** Id of the level the check belongs to. */
  level: string;
  status: ScorecardCheckStatus;
  /** One sentence: what the data shows and what the check asks for. */
  reason: string;
  metric: string;
  operator: ScorecardOperator;
  threshold: number | BudgetState;
  /** The metric's value; null when unknown. Ratios are fractions (0.12), durations hours. */
  value: number | BudgetState | null;
  /** The parts behind the value (numerator and denominator, counts, the squad whose budget it is…). */
  data: Record<string, number | string | null>;
  /** Since when the check has had this status. */
  since: string;
}

/** @public */
export interface ScorecardLevelResult {
  id: string;
  title: string;
  /** Every check of this level and of the levels below passes or warns. */
  reached: boolean;
  checks: ScorecardCheckResult[];
}

/** A change of level, kept as history. @public */
export interface ScorecardLevelChange {
  changedAt: string;
  fromLevel: string | null;
  toLevel: string | null;
  /** Checks that failed or were unknown in the first level not reached. */
  blockingChecks: string[];
}

/**
 * The scorecard of an entity or a squad, as last evaluated. `level` is the id
 * of the highest level reached, null when none is.
 *
 * @public
 */
export interface QualityScorecard {
  scopeRef: string;
  scopeKind: 'entity' | 'squad';
  /** Null until the first evaluation that covered this entity or squad. */
  evaluatedAt: string | null;
  level: string | null;
  levelSince: string | null;
  levels: ScorecardLevelResult[];
  /** Level changes, newest first (at most 50). */
  history: ScorecardLevelChange[];
  /**
   * True when some of the services behind this scorecard are hidden from the
   * caller: it was computed just now from the ones they can see, and has no
   * history.
   */
  visibleOnly?: boolean;
}
