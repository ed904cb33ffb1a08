import { Config } from '@backstage/config';
import { Severity } from '@quality-pulse/plugin-quality-common';
import { readAccountConfig } from '@quality-pulse/plugin-quality-node';
import { RootlyQualityProviderOptions } from './RootlyQualityProvider';

/** Rootly's default severities, by name and by level. */
export const DEFAULT_ROOTLY_SEVERITY: Record<string, Severity> = {
  SEV0: 'P0',
  SEV1: 'P1',
  SEV2: 'P2',
  SEV3: 'P3',
  critical: 'P0',
  high: 'P1',
  medium: 'P2',
  low: 'P3',
};

/** Reads `quality.providers.rootly`; undefined when it is not configured. */
export function readRootlyConfig(
  root: Config,
): RootlyQualityProviderOptions | undefined {
  const account = readAccountConfig(root, 'rootly', {
    baseUrl: 'https://api.rootly.com',
    requestBudget: 1000,
  });
  if (!account) return undefined;
  return {
    ...account.settings,
    apiKey: account.config.getString('apiKey'),
    severity: account.readSeverity('severity', DEFAULT_ROOTLY_SEVERITY),
  };
}
