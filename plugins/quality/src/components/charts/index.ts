export { BurnDownChart } from './BurnDownChart';
export { MttrTrendChart } from './MttrTrendChart';
