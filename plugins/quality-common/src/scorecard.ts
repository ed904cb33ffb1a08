import type { ScorecardCheckResultStatusEnum } from './schema/openapi/generated/models';

/*
 * The scorecard's types (QualityScorecard, ScorecardLevelResult,
 * ScorecardCheckResult, ScorecardLevelChange) are generated from the backend's
 * OpenAPI document.
 */

/**
 * What a check concluded. `warn` is a failing check whose severity is
 * `warning`: shown, but it does not hold a level back. `unknown` means the
 * data cannot tell (no data source, too few items to rate); it holds a level
 * back, because a level is a claim the data must support.
 *
 * @public
 */
export type ScorecardCheckStatus = ScorecardCheckResultStatusEnum;

/** How far back a scorecard answer's check changes (its history strips) reach. @public */
export const SCORECARD_CHECK_HISTORY_DAYS = 90;

/** @public */
export const SCORECARD_CHECK_STATUSES: ScorecardCheckStatus[] = [
  'pass',
  'warn',
  'fail',
  'unknown',
];

/**
 * The comparison a check applies to its metric. The contract gives it as a
 * pattern, so its generated type is `string`: this union is the one the
 * scorecards are written with.
 *
 * @public
 */
export type ScorecardOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';
