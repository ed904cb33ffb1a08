export { qualityApiRef } from './QualityApi';
export type { QualityApi, QualityWindow } from './QualityApi';
export { QualityClient } from './QualityClient';
