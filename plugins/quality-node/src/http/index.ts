export { VendorHttpError } from './VendorHttpError';
export {
  callVendor,
  describeFailure,
  RequestBudget,
  RequestBudgetExhaustedError,
  retryAfterMs,
} from './retry';
export type { CallOptions, FailureDetails, RetryPolicy } from './retry';
