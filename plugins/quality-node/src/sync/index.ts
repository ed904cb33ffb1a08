export { parseIncrementalCursor, runIncrementalSync } from './incremental';
export type {
  IncrementalCursor,
  IncrementalSyncOptions,
  UpdatedPage,
} from './incremental';
export {
  hasAnyOf,
  readSeverityMap,
  readTrackerClassification,
  severityOf,
  DEFAULT_ESCAPED_LABELS,
} from './classification';
export type { TrackerClassification } from './classification';
export {
  entitiesByAnnotation,
  entitiesOfInstance,
  targetEntityOf,
} from './scopeTargets';
export type { ScopeTarget } from './scopeTargets';
export { BugHistory } from './bugHistory';
