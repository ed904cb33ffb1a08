/**
 * Quality Pulse provider for FireHydrant incidents and retrospectives.
 *
 * @packageDocumentation
 */
export { qualityModuleFireHydrant as default } from './module';
export { FIREHYDRANT_SERVICE_NAME_ANNOTATION } from './FireHydrantQualityProvider';
