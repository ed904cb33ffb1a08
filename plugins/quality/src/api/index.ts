export { qualityApiRef } from './QualityApi';
export type { QualityApi } from './QualityApi';
export { QualityClient } from './QualityClient';
