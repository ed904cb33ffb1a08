import { Severity } from './severity';
import { BudgetConsumer, QualityBudget } from './budget';

/**
 * Statistics of a set of durations (time to restore, time to fix), in
 * milliseconds. `median` and `p90` are linearly interpolated percentiles (the
 * definition of PostgreSQL's percentile_cont); all are null when the set is empty.
 *
 * @public
 */
export interface DurationStats {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
  meanMs: number | null;
}

/** @public */
export type MttrStats = DurationStats;

/** @public */
export interface DurationStatsBySeverity extends DurationStats {
  severity: Severity;
}

/** @public */
export type MttrBySeverity = DurationStatsBySeverity;

/** Durations of a metric family: all severities, P0+P1 (the headline) and per severity. @public */
export interface DurationBreakdown {
  overall: DurationStats;
  /** P0 and P1 together: the headline figure of PRODUCT.md. */
  critical: DurationStats;
  bySeverity: DurationStatsBySeverity[];
}

/** @public */
export interface OpenBugCount {
  severity: Severity;
  count: number;
}

/**
 * A rate that is always shown with what it is made of. `rate` is null when
 * the denominator is 0; `lowConfidence` is true under 10 items (PRODUCT.md),
 * when the rate must not be shown as a bare percentage.
 *
 * @public
 */
export interface Ratio {
  numerator: number;
  denominator: number;
  rate: number | null;
  lowConfidence: boolean;
}

/**
 * Root-cause coverage: the covered ones are documented by a complete
 * post-mortem; `linkedNotAssessed` more are linked only to post-mortems
 * nobody has assessed (an incident tool's link), shown beside the figure.
 * @public
 */
export interface RootCauseCoverage extends Ratio {
  linkedNotAssessed: number;
}

/** Below this many items a ratio is flagged as low-confidence (PRODUCT.md). @public */
export const LOW_CONFIDENCE_DENOMINATOR = 10;

/**
 * The last four weeks of the burn-down: open bugs at the end of each week
 * (oldest first, five points, four weekly changes). "Going the wrong way" means
 * the open count rose in each of the last two weeks.
 *
 * @public
 */
export interface BurnDownTrend {
  weekly: Array<{ date: string; open: number }>;
  changeOverFourWeeks: number;
  wrongWay: boolean;
}

/** Open bugs per severity at the end of each UTC day. @public */
export interface BurnDownPoint {
  date: string;
  total: number;
  bySeverity: Record<Severity, number>;
}

/** Freshness of one provider's data for the entity. @public */
export interface SourceFreshness {
  providerId: string;
  lastSucceededAt: string | null;
  lastError: string | null;
}

/** The time range a windowed figure covers: [start, end). @public */
export interface MetricWindow {
  start: string;
  end: string;
  days: number;
}

/**
 * What `GET /v1/entities/{kind}/{namespace}/{name}/summary` returns.
 * Windowed figures cover [window.start, window.end); open bugs and budgets are "now".
 *
 * @public
 */
export interface EntityQualitySummary {
  entityRef: string;
  window: MetricWindow;
  /** Time to restore of incidents resolved in the window. */
  mttr: DurationBreakdown;
  /** Time from first report to final fix of bugs closed in the window. */
  bugTimeToFix: DurationBreakdown;
  openBugs: {
    total: number;
    bySeverity: OpenBugCount[];
  };
  /** Escaped bugs created in the window ÷ all bugs created in the window. */
  escapedDefectRate: Ratio;
  /** Remediation deployments ÷ all deployments in the window (DORA 2024 rework rate). */
  reworkRate: Ratio;
  /** Escaped bugs and P0/P1 incidents of the window with a linked, complete post-mortem ÷ all of them. */
  rootCauseCoverage: RootCauseCoverage;
  burnDownTrend: BurnDownTrend;
  /** True when no provider has stored anything for this entity yet. */
  hasData: boolean;
  sources: SourceFreshness[];
}

/** What `GET /v1/entities/{kind}/{namespace}/{name}/timeseries` returns. @public */
export interface EntityQualityTimeSeries {
  entityRef: string;
  window: MetricWindow;
  burnDown: BurnDownPoint[];
  /** Median time to restore per week of the window, oldest first. */
  mttrWeekly: MttrWeek[];
}

/** One service in a squad's table: counts only, never people. @public */
export interface SquadEntityRow {
  entityRef: string;
  openBugs: { total: number; bySeverity: OpenBugCount[] };
  escapedDefectRate: Ratio;
}

/** What `GET /v1/groups/{namespace}/{name}/summary` returns. @public */
export interface SquadQualitySummary {
  groupRef: string;
  title: string;
  window: MetricWindow;
  /** Components owned by the group and its child groups that the caller can see. */
  entityRefs: string[];
  childGroupRefs: string[];
  mttr: DurationBreakdown;
  bugTimeToFix: DurationBreakdown;
  openBugs: { total: number; bySeverity: OpenBugCount[] };
  escapedDefectRate: Ratio;
  reworkRate: Ratio;
  rootCauseCoverage: RootCauseCoverage;
  burnDownTrend: BurnDownTrend;
  /** The group's quality budget; null unless the group is a squad (spec.type team). */
  budget: QualityBudget | null;
  /** The open P0/P1/P2 bugs that consume the budget, oldest first (at most 100). */
  budgetConsumers: BudgetConsumer[];
  entities: SquadEntityRow[];
}

/** One group of the org tree with its rollup. @public */
export interface OrgOverviewNode {
  groupRef: string;
  title: string;
  type: string;
  entityCount: number;
  openBugs: { total: number; bySeverity: OpenBugCount[] };
  escapedDefectRate: Ratio;
  reworkRate: Ratio;
  mttr: { critical: DurationStats; overall: DurationStats };
  trend: { changeOverFourWeeks: number; wrongWay: boolean };
  /** The squad's quality budget; null for departments and the org, which have no ceiling of their own. */
  budget: QualityBudget | null;
  /** How many squads in this subtree (this node included) are in each budget state. */
  squadBudgets: { within: number; atRisk: number; breached: number };
  children: OrgOverviewNode[];
  /** Why the group is not where the catalog's spec.parent puts it (a cycle of parents). */
  warning?: string;
}

/** What `GET /v1/org/overview` returns: the group tree in catalog order, not a ranking. @public */
export interface OrgQualityOverview {
  window: MetricWindow;
  roots: OrgOverviewNode[];
}

/** What `GET /v1/groups/{namespace}/{name}/timeseries` returns: the squad's burn-down. @public */
export interface SquadQualityTimeSeries {
  groupRef: string;
  window: MetricWindow;
  burnDown: BurnDownPoint[];
  /** Median time to restore per week of the window, oldest first. */
  mttrWeekly: MttrWeek[];
}

/** What `GET /v1/org/timeseries` returns: the burn-down of every component a visible group owns. @public */
export interface OrgQualityTimeSeries {
  window: MetricWindow;
  burnDown: BurnDownPoint[];
  /** Median time to restore per week of the window, oldest first. */
  mttrWeekly: MttrWeek[];
}

/** Median time to restore of the incidents resolved in one week of the window. @public */
export interface MttrWeek {
  /** Start of the week; the oldest week may be cut short by the window's start. */
  start: string;
  end: string;
  critical: DurationStats;
  overall: DurationStats;
}

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

/** One bug, incident or deployment behind a number, with its link into the tracker. @public */
export interface QualityItem {
  kind: 'bug' | 'incident' | 'deployment';
  source: string;
  externalId: string;
  entityRef: string;
  title: string;
  url: string | null;
  /** Null for deployments. */
  severity: Severity | null;
  /** When it counts for the list: created (bugs), resolved (incidents), deployed. */
  at: string;
  /** Time to restore of a resolved incident. */
  durationMs: number | null;
  /** Escaped (bugs) or remediation (deployments); null for incidents. */
  flagged: boolean | null;
}

/** What `GET …/items?list=…` returns: one page of a list, newest first. @public */
export interface QualityItemPage {
  list: QualityItemListName;
  window: MetricWindow;
  total: number;
  items: QualityItem[];
}
