import { Config } from '@backstage/config';
import { Severity } from '@quality-pulse/plugin-quality-common';
import {
  readSeverityMap,
  readSourceSettings,
} from '@quality-pulse/plugin-quality-node';
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
  const config = root.getOptionalConfig('quality.providers.rootly');
  if (!config) return undefined;
  const severity = readSeverityMap(
    config.getOptionalConfig('severity'),
    DEFAULT_ROOTLY_SEVERITY,
    'quality.providers.rootly.severity',
  );
  return {
    ...readSourceSettings(config, 'rootly', {
      backfillDays: 365,
      requestBudget: 1000,
    }),
    baseUrl: config.getOptionalString('baseUrl') ?? 'https://api.rootly.com',
    apiKey: config.getString('apiKey'),
    severity,
  };
}
