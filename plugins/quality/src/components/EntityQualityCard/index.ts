export { EntityQualityCard } from './EntityQualityCard';
