export { GroupQualityContent } from './GroupQualityContent';
