export { VendorHttpError } from './VendorHttpError';
export {
  getJson,
  parseVendorItem,
  vendorDate,
  VendorJsonApi,
  vendorUrl,
} from './getJson';
export {
  callVendor,
  describeFailure,
  RequestBudget,
  RequestBudgetExhaustedError,
  retryAfterMs,
  vendorCaller,
} from './retry';
export type {
  CallOptions,
  FailureDetails,
  HeaderBag,
  RetryPolicy,
  VendorCaller,
} from './retry';
export { RATE_LIMIT_HEADERS } from './rateLimitHeaders';
export type { RateLimitHeader, WaitUnit } from './rateLimitHeaders';
