import type {
  FollowUpReviewOutcomeEnum,
  PostmortemActionStatusEnum,
} from './schema/openapi/generated/models';

/*
 * Post-mortems and the learning loop: the types the Post-mortems card, the
 * squad's learning-loop card and their routes exchange (PostmortemListing,
 * PostmortemAction, FollowUpReview, SquadLearning, BugBash…) are generated from
 * the backend's OpenAPI document.
 */

/** @public */
export type ActionStatus = PostmortemActionStatusEnum;

/** @public */
export const FOLLOW_UP_OUTCOMES = [
  'loop-closed',
  'needs-more-work',
  'recurred',
] as const satisfies readonly FollowUpReviewOutcomeEnum[];

/** What the four-week review found: the changes closed the loop, need more, or the problem came back. @public */
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];
