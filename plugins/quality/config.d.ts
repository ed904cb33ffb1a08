export interface Config {
  quality?: {
    /**
     * The organisation's written quality values, shown at the top of the
     * quality overview page.
     * @visibility frontend
     */
    values?: string[];
  };
}
