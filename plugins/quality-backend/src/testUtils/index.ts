/**
 * Test utilities for provider modules: run a provider through the real sync
 * engine and store; the fake vendor API lives in
 * `@quality-pulse/plugin-quality-node/testUtils`.
 *
 * @packageDocumentation
 */
export { createProviderHarness } from './providerHarness';
export type { ProviderHarness, StoredBug } from './providerHarness';
export type { SyncState } from '../database/SyncStateStore';
export {
  startFakeVendor,
  type FakeVendor,
  type FakeVendorRequest,
  type FakeVendorResponse,
} from '@quality-pulse/plugin-quality-node/testUtils';
