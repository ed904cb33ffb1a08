/**
 * Shared types, severity scale, annotations and permissions of Quality Pulse.
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
