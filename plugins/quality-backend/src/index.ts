/**
 * Quality Pulse backend plugin: store, sync scheduler, metrics and REST API.
 *
 * @packageDocumentation
 */
export { qualityPlugin as default } from './plugin';
