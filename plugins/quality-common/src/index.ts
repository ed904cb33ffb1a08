/**
 * Shared types, severity scale, annotations and permissions of Quality Pulse,
 * and the client of the quality backend's REST API with its request and
 * response types, generated from the backend's OpenAPI document.
 *
 * @packageDocumentation
 */
export * from './severity';
export * from './annotations';
export * from './permissions';
export * from './summary';
export * from './postmortems';
export * from './budget';
export * from './scorecard';
export * from './schema/openapi';
