import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  EntityPostmortems,
  EntityQualitySummary,
  EntityQualityTimeSeries,
  OrgQualityOverview,
  OrgQualityTimeSeries,
  OrgQualityTrends,
  QualityInitiatives,
  SquadQualityTrends,
  QualityItemListName,
  QualityItemPage,
  QualityScorecard,
  Severity,
  SquadQualitySummary,
  SquadQualityTimeSeries,
  SquadLearning,
  ActionStatus,
  FollowUpOutcome,
} from '@quality-pulse/plugin-quality-common';

/**
 * The window of a request: the last `windowDays` days, or the calendar days
 * `from`…`to` (YYYY-MM-DD, inclusive) in `timeZone` (default UTC).
 *
 * @public
 */
export type QualityWindow =
  | { windowDays?: number }
  | { from: string; to: string; timeZone?: string };

/** Which page of which list behind a number. @public */
export interface QualityItemsRequest {
  list: QualityItemListName;
  severities?: Severity[];
  limit?: number;
  offset?: number;
}

/** Reads quality data from the quality backend. @public */
export interface QualityApi {
  getEntitySummary(
    entity: CompoundEntityRef,
    window?: QualityWindow,
  ): Promise<EntityQualitySummary>;
  getEntityTimeSeries(
    entity: CompoundEntityRef,
    window?: QualityWindow,
  ): Promise<EntityQualityTimeSeries>;
  /** A Group's rollup: everything it and its child groups own, with its quality budget. */
  getSquadSummary(
    group: Omit<CompoundEntityRef, 'kind'>,
    window?: QualityWindow,
  ): Promise<SquadQualitySummary>;
  getSquadTimeSeries(
    group: Omit<CompoundEntityRef, 'kind'>,
    window?: QualityWindow,
  ): Promise<SquadQualityTimeSeries>;
  /** The bugs, incidents or deployments behind a number of the entity summary. */
  getEntityItems(
    entity: CompoundEntityRef,
    request: QualityItemsRequest,
    window?: QualityWindow,
  ): Promise<QualityItemPage>;
  /** The bugs, incidents or deployments behind a number of the squad summary. */
  getSquadItems(
    group: Omit<CompoundEntityRef, 'kind'>,
    request: QualityItemsRequest,
    window?: QualityWindow,
  ): Promise<QualityItemPage>;
  getEntityPostmortems(
    entity: CompoundEntityRef,
    window?: QualityWindow,
  ): Promise<EntityPostmortems>;
  /** The entity's scorecard as last evaluated: level, every check with its reason, level history. */
  getEntityScorecard(entity: CompoundEntityRef): Promise<QualityScorecard>;
  /** The squad's scorecard (checks over everything it owns). */
  getSquadScorecard(
    group: Omit<CompoundEntityRef, 'kind'>,
  ): Promise<QualityScorecard>;
  getOrgOverview(window?: QualityWindow): Promise<OrgQualityOverview>;
  /** Twelve calendar months of what a group and its child groups own. */
  getSquadTrends(
    group: Omit<CompoundEntityRef, 'kind'>,
  ): Promise<SquadQualityTrends>;
  /** Twelve calendar months of the org, and of each department. */
  getOrgTrends(): Promise<OrgQualityTrends>;
  /** The quality initiatives, each over the scope the caller sees. */
  getOrgInitiatives(): Promise<QualityInitiatives>;
  /** The initiatives that include a group, with its own points. */
  getSquadInitiatives(
    group: Omit<CompoundEntityRef, 'kind'>,
  ): Promise<QualityInitiatives>;
  getOrgTimeSeries(window?: QualityWindow): Promise<OrgQualityTimeSeries>;
  /** The squad's learning loop: follow-ups due, overdue actions, champion, bug-bashes. */
  getSquadLearning(
    group: Omit<CompoundEntityRef, 'kind'>,
  ): Promise<SquadLearning>;
  /** Links a post-mortem pasted in the portal to the entity. */
  linkPostmortem(
    entity: CompoundEntityRef,
    link: { url: string; title?: string; publishedAt?: string },
  ): Promise<{ assessed: boolean; readError?: string }>;
  updateAction(
    actionId: number,
    change: { status?: ActionStatus; fixUrl?: string | null },
  ): Promise<void>;
  recordFollowUpReview(
    postmortemId: number,
    review: { outcome: FollowUpOutcome; notes?: string },
  ): Promise<void>;
}

/** @public */
export const qualityApiRef = createApiRef<QualityApi>({
  id: 'plugin.quality.api',
});
