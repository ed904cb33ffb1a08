/**
 * Quality Pulse provider for Opsgenie incidents.
 *
 * @packageDocumentation
 */
export { qualityModuleOpsgenie as default } from './module';
export { OPSGENIE_COMPONENT_SELECTOR_ANNOTATION } from './OpsgenieQualityProvider';
