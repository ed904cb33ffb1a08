import { Severity } from '@quality-pulse/plugin-quality-common';

/**
 * The normalised items a provider streams into the store (PRODUCT.md,
 * "Normalised data"). Every item is keyed by (provider id, externalId), so
 * upserting the same item twice changes nothing. None of them carries a person:
 * the suite aggregates at service and squad level only.
 */

/** What a provider can read. @public */
export type QualityItemKind =
  | 'bugs'
  | 'incidents'
  | 'postmortems'
  | 'deployments';

/**
 * One state of a bug, in force from `at` until the next entry. A bug's history
 * is what burn-down is rebuilt from, so severity changes and moves between
 * entities are entries too, not just open/close.
 *
 * @public
 */
export interface BugHistoryEntry {
  at: Date;
  status: 'open' | 'closed';
  severity: Severity;
  entityRef: string;
}

/** @public */
export interface NormalisedBug {
  externalId: string;
  title: string;
  url?: string;
  /** True when the bug was found in production (label, environment field or incident link). */
  escaped: boolean;
  /** The full history, oldest first; the first entry is the opening. Current state is the last entry. */
  history: BugHistoryEntry[];
  /**
   * The tracker's labels (case is ignored). Bug-bash views find a bash's bugs
   * by label; leave it out when the source has none.
   */
  labels?: string[];
}

/** @public */
export interface NormalisedIncident {
  externalId: string;
  entityRef: string;
  /**
   * The tool's own id of the incident, when the provider stores it once per
   * affected service (each row with its own `externalId`, `entityRef:id`).
   * Rows sharing it are one incident: a squad or department owning two of
   * those services counts it once in MTTR, incident counts and coverage.
   */
  incidentKey?: string;
  title: string;
  url?: string;
  severity: Severity;
  startedAt: Date;
  acknowledgedAt?: Date;
  /** Absent while the incident is still open. */
  resolvedAt?: Date;
}

/** An item a post-mortem documents, named by its source and external id. @public */
export interface PostmortemSubject {
  kind: 'incident' | 'bug';
  externalId: string;
  /** The provider that stores the subject; defaults to the post-mortem's own provider. */
  source?: string;
}

/** @public */
export interface NormalisedPostmortem {
  externalId: string;
  entityRef: string;
  title: string;
  url: string;
  publishedAt?: Date;
  /**
   * Whether the document has all four sections and a concrete action with owner
   * and due date (PRODUCT.md, "Post-mortems"); leave it out when not assessed.
   */
  complete?: boolean;
  subjects: PostmortemSubject[];
  /** What an assessment of the document found; leave it out when not assessed. */
  assessment?: PostmortemAssessmentSummary;
  /**
   * Why the document was not assessed although it could have been
   * ("document larger than 256 KB, not assessed"), shown on the post-mortem.
   */
  notAssessedReason?: string;
  /**
   * The post-mortem's text as Markdown, when the incident tool serves it
   * (incident.io's document, Rootly's retrospective, FireHydrant's fields).
   * The backend assesses it as it does a document in the repository — the
   * four sections, actions with owner and due date — unless `complete` or
   * `assessment` are given; the text itself is not stored.
   */
  content?: string;
  /**
   * The actions the document lists under "what we are changing". When given,
   * they replace the stored ones (a status set in the portal is kept unless
   * the document ticks the action); leave it out when the source has none.
   */
  actions?: PostmortemActionItem[];
}

/** @public */
export interface PostmortemAssessmentSummary {
  /** Of whatHappened, whyItHappened, whatWeAreChanging, whatWeAreNotChanging. */
  missingSections: string[];
  /** Lines whose wording points at people, for the facilitator. */
  blameFlags: Array<{ line: number; phrase: string }>;
  /** Actions that say what to be rather than what to change ("be more careful"). */
  vagueActions: number;
}

/** @public */
export type PostmortemActionStatus = 'open' | 'done' | 'dropped';

/** An action item of a post-mortem. @public */
export interface PostmortemActionItem {
  text: string;
  /** A catalog user or group ref (`group:default/payments`); a bare name is read as a user. */
  owner?: string;
  /** YYYY-MM-DD. */
  due?: string;
  status?: PostmortemActionStatus;
  /** The pull request or ticket of the fix. */
  fixUrl?: string;
  vague?: boolean;
}

/** @public */
export interface NormalisedDeployment {
  externalId: string;
  entityRef: string;
  deployedAt: Date;
  /** True when the deployment exists only to fix something that escaped (DORA rework). */
  remediation: boolean;
  url?: string;
}
