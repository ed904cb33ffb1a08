import { Severity } from './severity';
import { MetricWindow } from './summary';

/* Post-mortems and the learning loop: what the Post-mortems card, the squad's
   learning-loop card and their routes exchange. */

/** One incident or escaped bug a post-mortem documents. @public */
export interface PostmortemSubject {
  kind: 'incident' | 'bug';
  source: string;
  externalId: string;
  /** Subjects are the entity's own synced items; kept nullable for clients of older versions. */
  title: string | null;
  url: string | null;
  severity: Severity | null;
}

/** A linked root-cause document as the service tab lists it. @public */
export interface PostmortemListing {
  source: string;
  externalId: string;
  title: string;
  url: string;
  publishedAt: string | null;
  /** All four sections and a concrete action; null until assessed. */
  complete: boolean | null;
  /** The highest severity among its subjects. */
  severity: Severity | null;
  subjects: PostmortemSubject[];
  /** Stable id for updates (actions, follow-up review). */
  id: number;
  /** What the assessment of a Markdown document found; null for links that cannot be read. */
  assessment: PostmortemAssessment | null;
  /** Why a document was not assessed ("document larger than 256 KB, not assessed"); null otherwise. */
  notAssessedReason: string | null;
  actions: PostmortemAction[];
  /** Four weeks after publication; null for drafts. */
  followUpDueAt: string | null;
  review: FollowUpReview | null;
}

/** What `GET /v1/entities/{kind}/{namespace}/{name}/postmortems` returns. @public */
export interface EntityPostmortems {
  entityRef: string;
  window: MetricWindow;
  postmortems: PostmortemListing[];
}

/** @public */
export interface PostmortemAssessment {
  missingSections: Array<
    | 'whatHappened'
    | 'whyItHappened'
    | 'whatWeAreChanging'
    | 'whatWeAreNotChanging'
  >;
  /** Wording that points at people, by line: for the facilitator, never a score. */
  blameFlags: Array<{ line: number; phrase: string }>;
  vagueActions: number;
}

/** @public */
export type ActionStatus = 'open' | 'done' | 'dropped';

/** An action item of a post-mortem. @public */
export interface PostmortemAction {
  id: number;
  text: string;
  /** A catalog user or group ref. */
  owner: string | null;
  /** YYYY-MM-DD. */
  due: string | null;
  status: ActionStatus;
  fixUrl: string | null;
  vague: boolean;
  /** Open and past its due date. */
  overdue: boolean;
}

/** @public */
export const FOLLOW_UP_OUTCOMES = [
  'loop-closed',
  'needs-more-work',
  'recurred',
] as const;

/** What the four-week review found: the changes closed the loop, need more, or the problem came back. @public */
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

/** @public */
export interface FollowUpReview {
  outcome: FollowUpOutcome;
  notes: string | null;
  recordedAt: string;
}

/** A post-mortem whose four-week follow-up review is due (or overdue). @public */
export interface FollowUpDue {
  postmortemId: number;
  entityRef: string;
  title: string;
  url: string;
  publishedAt: string;
  dueAt: string;
  overdue: boolean;
  openActions: number;
}

/** An open action past its due date, with the post-mortem it belongs to. @public */
export interface OverdueAction extends PostmortemAction {
  postmortemId: number;
  postmortemTitle: string;
  postmortemUrl: string;
  entityRef: string;
}

/** A bug found during a bug-bash. @public */
export interface BugBashBug {
  source: string;
  externalId: string;
  title: string;
  url: string | null;
  entityRef: string;
  severity: Severity;
  status: 'open' | 'closed';
  escaped: boolean;
  /** A root-cause note (a linked post-mortem) was published by the end of the bash. */
  rootCauseNoteByEndOfDay: boolean;
}

/** @public */
export interface BugBash {
  id: number;
  groupRef: string;
  title: string;
  label: string;
  start: string;
  end: string;
  found: number;
  withRootCauseNote: number;
  fixed: number;
  stillOpen: number;
  bugs: BugBashBug[];
  /** Four weeks after the last day. */
  reviewDueOn: string;
  review: FollowUpReview | null;
}

/** The squad's quality champion, from the rotation in config or on the group. @public */
export interface ChampionRotation {
  /** A catalog user ref. */
  current: string;
  termStartedOn: string;
  /** The next rotation: the day the next champion takes over. */
  nextRotationOn: string;
  next: string;
  termWeeks: number;
  /** Where the rotation was read from. */
  source: 'config' | 'annotation';
}

/** What `GET /v1/groups/{namespace}/{name}/learning` returns. @public */
export interface SquadLearning {
  groupRef: string;
  followUpsDue: FollowUpDue[];
  overdueActions: OverdueAction[];
  recentReviews: Array<{
    postmortemId: number;
    title: string;
    url: string;
    entityRef: string;
    review: FollowUpReview;
  }>;
  champion: ChampionRotation | null;
  bugBashes: BugBash[];
}
