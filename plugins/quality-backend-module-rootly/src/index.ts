/**
 * Quality Pulse provider for Rootly incidents and post-mortems.
 *
 * @packageDocumentation
 */
export { qualityModuleRootly as default } from './module';
export { ROOTLY_SERVICE_ID_ANNOTATION } from './RootlyQualityProvider';
