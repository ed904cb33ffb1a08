import type {
  DurationStats,
  DurationStatsBySeverity,
} from './schema/openapi/generated/models';

/*
 * The summaries' types are generated from the backend's OpenAPI document
 * (`schema/openapi/generated/models`, exported from this package's index):
 * EntityQualitySummary, SquadQualitySummary, OrgQualityOverview, QualityItemPage…
 * What stays here is what the contract cannot say.
 */

/** @public */
export type MttrStats = DurationStats;

/** @public */
export type MttrBySeverity = DurationStatsBySeverity;

/** Below this many items a ratio is flagged as low-confidence (PRODUCT.md). @public */
export const LOW_CONFIDENCE_DENOMINATOR = 10;

/**
 * The lists behind the numbers of a summary. Each matches its figure exactly:
 * `open-bugs` the open bug count, `created-bugs` and `escaped-bugs` the
 * escaped defect rate's denominator and numerator, `resolved-incidents` MTTR,
 * `deployments` and `remediation-deployments` the rework rate.
 *
 * @public
 */
export const QUALITY_ITEM_LISTS = [
  'open-bugs',
  'created-bugs',
  'escaped-bugs',
  'resolved-incidents',
  'deployments',
  'remediation-deployments',
] as const;

/** @public */
export type QualityItemListName = (typeof QUALITY_ITEM_LISTS)[number];
