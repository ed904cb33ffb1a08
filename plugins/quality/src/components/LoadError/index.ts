export { LoadError } from './LoadError';
export { Loaded } from './Loaded';
export type { LoadState } from './Loaded';
