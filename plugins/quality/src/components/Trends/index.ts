export { TrendsCard } from './TrendsCard';
export type { TrendsScope } from './TrendsCard';
