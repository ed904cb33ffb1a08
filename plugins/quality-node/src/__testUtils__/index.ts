/**
 * Test utilities for data-source modules: a fake vendor API on 127.0.0.1,
 * checked against the vendor's published API description.
 *
 * @packageDocumentation
 */
export { closeOnContract, startFakeVendor } from './fakeVendor';
export type {
  FakeVendor,
  FakeVendorOptions,
  FakeVendorRequest,
  FakeVendorResponse,
} from './fakeVendor';
export { vendorApisFolder, vendorContract } from './vendorContract';
export type { VendorContract, VendorContractOptions } from './vendorContract';
