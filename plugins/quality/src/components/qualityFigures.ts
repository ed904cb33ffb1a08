import { EntityQualitySummary } from '@quality-pulse/plugin-quality-common';

/**
 * What the metric cards show: the part a service summary and a squad summary
 * have in common, so the same cards serve the service tab and the squad tab.
 */
export type QualityFigures = Pick<
  EntityQualitySummary,
  | 'window'
  | 'mttr'
  | 'openBugs'
  | 'escapedDefectRate'
  | 'reworkRate'
  | 'rootCauseCoverage'
  | 'burnDownTrend'
>;
