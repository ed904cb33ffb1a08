export interface Config {
  /** Quality Pulse */
  quality?: {
    /**
     * Window, in days, of the windowed metrics (MTTR, escaped defect rate, …)
     * when a request does not name one. PRODUCT.md fixes the default at 90.
     * @visibility frontend
     */
    defaultWindowDays?: number;
  };
}
