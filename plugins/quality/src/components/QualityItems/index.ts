export { ItemsLink } from './ItemsLink';
export { QualityItemsScopeProvider } from './QualityItemsScope';
export type { QualityItemsOwner } from './QualityItemsScope';
