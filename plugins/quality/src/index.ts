/**
 * Quality Pulse frontend: the Quality tab for services (legacy frontend system
 * exports; the new frontend system uses `@quality-pulse/plugin-quality/alpha`).
 *
 * @packageDocumentation
 */
export {
  qualityPlugin,
  EntityQualityContent,
  GroupQualityContent,
  QualityOverviewPage,
  EntityQualityCard,
  HomePageMySquadsQualityCard,
} from './plugin';
export { qualityOverviewRouteRef } from './routes';
export { QualityIcon } from './components/QualityIcon';
export { qualityApiRef, QualityClient } from './api';
export type { QualityApi, QualityItemsRequest, QualityWindow } from './api';
export { isQualityConfigured as isQualityAvailable } from '@quality-pulse/plugin-quality-common';
