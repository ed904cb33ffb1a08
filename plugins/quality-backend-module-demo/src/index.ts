/**
 * Quality Pulse demo provider: deterministic, realistic history for the example catalog.
 *
 * @packageDocumentation
 */
export { qualityModuleDemo as default } from './module';
export { DemoQualityProvider } from './DemoQualityProvider';
export type { DemoQualityProviderOptions } from './DemoQualityProvider';
export { generateDemoHistory, DEMO_HISTORY_DAYS } from './generateDemoHistory';
export type { DemoHistory, DemoImprovement } from './generateDemoHistory';
