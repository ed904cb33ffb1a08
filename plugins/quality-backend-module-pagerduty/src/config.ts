import { Config } from '@backstage/config';
import { Severity } from '@quality-pulse/plugin-quality-common';
import { readAccountConfig } from '@quality-pulse/plugin-quality-node';
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
  const account = readAccountConfig(root, 'pagerduty', {
    baseUrl: 'https://api.pagerduty.com',
    // PagerDuty allows 960 requests a minute per token.
    requestBudget: 900,
  });
  if (!account) return undefined;
  return {
    ...account.settings,
    token: account.config.getString('token'),
    webhookSecret: account.config.getOptionalString('webhookSecret'),
    mapping: {
      priority: account.readSeverity('priority', DEFAULT_PRIORITY_SEVERITY),
      urgency: account.readSeverity('urgency', DEFAULT_URGENCY_SEVERITY),
    },
  };
}
