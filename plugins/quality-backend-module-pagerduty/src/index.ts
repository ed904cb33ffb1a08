/**
 * Quality Pulse provider for PagerDuty incidents, with v3 webhooks.
 *
 * @packageDocumentation
 */
export { qualityModulePagerDuty as default } from './module';
export { PAGERDUTY_SERVICE_ID_ANNOTATION } from './PagerDutyQualityProvider';
