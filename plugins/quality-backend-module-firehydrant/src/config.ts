import { Config } from '@backstage/config';
import { Severity } from '@quality-pulse/plugin-quality-common';
import { readAccountConfig } from '@quality-pulse/plugin-quality-node';
import { FireHydrantQualityProviderOptions } from './FireHydrantQualityProvider';

/** FireHydrant's default severities SEV1…SEV5. */
export const DEFAULT_FIREHYDRANT_SEVERITY: Record<string, Severity> = {
  SEV1: 'P0',
  SEV2: 'P1',
  SEV3: 'P2',
  SEV4: 'P3',
  SEV5: 'P4',
};

/** Reads `quality.providers.firehydrant`; undefined when it is not configured. */
export function readFireHydrantConfig(
  root: Config,
): FireHydrantQualityProviderOptions | undefined {
  const account = readAccountConfig(root, 'firehydrant', {
    baseUrl: 'https://api.firehydrant.io',
    requestBudget: 1000,
  });
  if (!account) return undefined;
  return {
    ...account.settings,
    token: account.config.getString('token'),
    severity: account.readSeverity('severity', DEFAULT_FIREHYDRANT_SEVERITY),
  };
}
