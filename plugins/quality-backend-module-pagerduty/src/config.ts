import { Config } from '@backstage/config';
import { Severity } from '@quality-pulse/plugin-quality-common';
import {
  readSeverityMap,
  readSourceSettings,
} from '@quality-pulse/plugin-quality-node';
import { PagerDutyQualityProviderOptions } from './PagerDutyQualityProvider';

/** PagerDuty's P1 is its highest priority: our P0. Without a priority, urgency decides. */
export const DEFAULT_PRIORITY_SEVERITY: Record<string, Severity> = {
  P1: 'P0',
  P2: 'P1',
  P3: 'P2',
  P4: 'P3',
  P5: 'P4',
};
export const DEFAULT_URGENCY_SEVERITY: Record<string, Severity> = {
  high: 'P1',
  low: 'P3',
};

/** Reads `quality.providers.pagerduty`; undefined when it is not configured. */
export function readPagerDutyConfig(
  root: Config,
): PagerDutyQualityProviderOptions | undefined {
  const config = root.getOptionalConfig('quality.providers.pagerduty');
  if (!config) return undefined;
  const path = 'quality.providers.pagerduty';
  return {
    ...readSourceSettings(config, 'pagerduty', {
      backfillDays: 365,
      // PagerDuty allows 960 requests a minute per token.
      requestBudget: 900,
    }),
    baseUrl: config.getOptionalString('baseUrl') ?? 'https://api.pagerduty.com',
    token: config.getString('token'),
    webhookSecret: config.getOptionalString('webhookSecret'),
    mapping: {
      priority: readSeverityMap(
        config.getOptionalConfig('priority'),
        DEFAULT_PRIORITY_SEVERITY,
        `${path}.priority`,
      ),
      urgency: readSeverityMap(
        config.getOptionalConfig('urgency'),
        DEFAULT_URGENCY_SEVERITY,
        `${path}.urgency`,
      ),
    },
  };
}
