export { QualityNotConfigured } from './QualityNotConfigured';
