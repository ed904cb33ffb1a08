import { Config } from '@backstage/config';
import { isSeverity, Severity } from '@quality-pulse/plugin-quality-common';
import { FireHydrantQualityProviderOptions } from './FireHydrantQualityProvider';

/** FireHydrant's default severities SEV1…SEV5. */
export const DEFAULT_FIREHYDRANT_SEVERITY: Record<string, Severity> = {
  SEV1: 'P0',
  SEV2: 'P1',
  SEV3: 'P2',
  SEV4: 'P3',
  SEV5: 'P4',
};

export type FireHydrantSettings = Omit<
  FireHydrantQualityProviderOptions,
  'schedule'
> & { schedule?: Config };

/** Reads `quality.providers.firehydrant`; undefined when it is not configured. */
export function readFireHydrantConfig(
  root: Config,
): FireHydrantSettings | undefined {
  const config = root.getOptionalConfig('quality.providers.firehydrant');
  if (!config) return undefined;
  const severity = { ...DEFAULT_FIREHYDRANT_SEVERITY };
  const overrides = config.getOptionalConfig('severity');
  for (const key of overrides?.keys() ?? []) {
    const value = overrides!.getString(key);
    if (!isSeverity(value)) {
      throw new Error(
        `quality.providers.firehydrant.severity.${key} is "${value}": use one of P0, P1, P2, P3, P4, unclassified`,
      );
    }
    severity[key] = value;
  }
  return {
    id: 'firehydrant',
    baseUrl:
      config.getOptionalString('baseUrl') ?? 'https://api.firehydrant.io',
    token: config.getString('token'),
    severity,
    backfillDays: config.getOptionalNumber('backfillDays') ?? 365,
    requestBudget: config.getOptionalNumber('requestBudget') ?? 1000,
    schedule: config.getOptionalConfig('schedule'),
  };
}
