/**
 * Extension points and provider types for Quality Pulse data-source modules.
 *
 * @packageDocumentation
 */
export * from './items';
export * from './provider';
export * from './source';
export * from './configuredSource';
export * from './mapEachItem';
export * from './module';
export * from './sourceConfig';
export * from './extensionPoints';
export * from './http';
export * from './sync';
export * from './webhooks';
