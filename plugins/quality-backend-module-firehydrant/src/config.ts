import { Config } from '@backstage/config';
import { Severity } from '@quality-pulse/plugin-quality-common';
import {
  readSeverityMap,
  readSourceSettings,
} from '@quality-pulse/plugin-quality-node';
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
  const config = root.getOptionalConfig('quality.providers.firehydrant');
  if (!config) return undefined;
  const severity = readSeverityMap(
    config.getOptionalConfig('severity'),
    DEFAULT_FIREHYDRANT_SEVERITY,
    'quality.providers.firehydrant.severity',
  );
  return {
    ...readSourceSettings(config, 'firehydrant', {
      backfillDays: 365,
      requestBudget: 1000,
    }),
    baseUrl:
      config.getOptionalString('baseUrl') ?? 'https://api.firehydrant.io',
    token: config.getString('token'),
    severity,
  };
}
