export { qualityApiRef } from './QualityApi';
export type {
  QualityApi,
  QualityItemsRequest,
  QualityWindow,
} from './QualityApi';
export { QualityClient } from './QualityClient';
