/**
 * Quality Pulse provider for Opsgenie incidents and Jira Service Management
 * operations alerts.
 *
 * @packageDocumentation
 */
export { qualityModuleOpsgenie as default } from './module';
export { OPSGENIE_COMPONENT_SELECTOR_ANNOTATION } from './SelectorIncidentsProvider';
