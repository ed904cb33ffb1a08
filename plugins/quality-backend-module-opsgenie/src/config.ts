import { Config } from '@backstage/config';
import { isSeverity, Severity } from '@quality-pulse/plugin-quality-common';
import { OpsgenieQualityProviderOptions } from './OpsgenieQualityProvider';

/** Opsgenie's P1 is its highest priority: our P0. */
export const DEFAULT_OPSGENIE_SEVERITY: Record<string, Severity> = {
  P1: 'P0',
  P2: 'P1',
  P3: 'P2',
  P4: 'P3',
  P5: 'P4',
};

export type OpsgenieSettings = Omit<
  OpsgenieQualityProviderOptions,
  'schedule'
> & { schedule?: Config };

/** Reads `quality.providers.opsgenie`; undefined when it is not configured. */
export function readOpsgenieConfig(root: Config): OpsgenieSettings | undefined {
  const config = root.getOptionalConfig('quality.providers.opsgenie');
  if (!config) return undefined;
  const severity = { ...DEFAULT_OPSGENIE_SEVERITY };
  const overrides = config.getOptionalConfig('severity');
  for (const key of overrides?.keys() ?? []) {
    const value = overrides!.getString(key);
    if (!isSeverity(value)) {
      throw new Error(
        `quality.providers.opsgenie.severity.${key} is "${value}": use one of P0, P1, P2, P3, P4, unclassified`,
      );
    }
    severity[key] = value;
  }
  return {
    id: 'opsgenie',
    baseUrl: config.getOptionalString('baseUrl') ?? 'https://api.opsgenie.com',
    apiKey: config.getString('apiKey'),
    severity,
    backfillDays: config.getOptionalNumber('backfillDays') ?? 365,
    requestBudget: config.getOptionalNumber('requestBudget') ?? 500,
    schedule: config.getOptionalConfig('schedule'),
  };
}
