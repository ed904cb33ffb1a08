/**
 * Test utilities for provider modules: run a provider through the real sync
 * engine and store, against a fake vendor API on 127.0.0.1.
 *
 * @packageDocumentation
 */
export { createProviderHarness } from './providerHarness';
export type { ProviderHarness, StoredBug } from './providerHarness';
export { startFakeVendor } from './fakeVendor';
export type {
  FakeVendor,
  FakeVendorRequest,
  FakeVendorResponse,
} from './fakeVendor';
