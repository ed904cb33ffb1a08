import { Severity } from './severity';

/**
 * Time-to-restore statistics of a set of incidents, in milliseconds.
 * `median` and `p90` are linearly interpolated percentiles (the definition of
 * PostgreSQL's percentile_cont); they are null when no incident was resolved.
 *
 * @public
 */
export interface MttrStats {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

/** @public */
export interface MttrBySeverity extends MttrStats {
  severity: Severity;
}

/** @public */
export interface OpenBugCount {
  severity: Severity;
  count: number;
}

/** Freshness of one provider's data for the entity. @public */
export interface SourceFreshness {
  providerId: string;
  lastSucceededAt: string | null;
  lastError: string | null;
}

/**
 * What `GET /v1/entities/{kind}/{namespace}/{name}/summary` returns.
 * Windowed figures cover [window.start, window.end); open bugs are "now".
 *
 * @public
 */
export interface EntityQualitySummary {
  entityRef: string;
  window: { start: string; end: string; days: number };
  mttr: {
    /** All severities together. */
    overall: MttrStats;
    /** P0 and P1 together: the headline figure of PRODUCT.md. */
    critical: MttrStats;
    bySeverity: MttrBySeverity[];
  };
  openBugs: {
    total: number;
    bySeverity: OpenBugCount[];
  };
  /** True when no provider has stored anything for this entity yet. */
  hasData: boolean;
  sources: SourceFreshness[];
}
