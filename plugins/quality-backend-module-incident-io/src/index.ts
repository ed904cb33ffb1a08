/**
 * Quality Pulse provider for incident.io incidents and post-mortems, with webhooks.
 *
 * @packageDocumentation
 */
export { qualityModuleIncidentIo as default } from './module';
