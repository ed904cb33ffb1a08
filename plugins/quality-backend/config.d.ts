export interface Config {
  /** Quality Pulse */
  quality?: {
    /**
     * Window, in days, of the windowed metrics (MTTR, escaped defect rate, …)
     * when a request does not name one. PRODUCT.md fixes the default at 90.
     * @visibility frontend
     */
    defaultWindowDays?: number;
    /**
     * Org-wide quality budget ceilings (PRODUCT.md). A group overrides them with
     * the annotations quality.backstage.io/budget-max-open-p2,
     * quality.backstage.io/budget-max-aged-critical and
     * quality.backstage.io/budget-critical-max-age-days.
     */
    budget?: {
      /** Most open P2 bugs a squad may carry; default 20. */
      maxOpenP2?: number;
      /** Most open P0/P1 bugs older than criticalMaxAgeDays; default 0. */
      maxAgedCritical?: number;
      /** Age in days after which an open P0/P1 bug counts against the budget; default 7. */
      criticalMaxAgeDays?: number;
    };
  };
}
