import { Config } from '@backstage/config';
import { isSeverity, Severity } from '@quality-pulse/plugin-quality-common';
import { JsmOpsQualityProviderOptions } from './JsmOpsQualityProvider';
import { OpsgenieQualityProviderOptions } from './OpsgenieQualityProvider';

/** Opsgenie's (and JSM operations') P1 is the highest priority: our P0. */
export const DEFAULT_OPSGENIE_SEVERITY: Record<string, Severity> = {
  P1: 'P0',
  P2: 'P1',
  P3: 'P2',
  P4: 'P3',
  P5: 'P4',
};

function readSeverity(config: Config, path: string): Record<string, Severity> {
  const severity = { ...DEFAULT_OPSGENIE_SEVERITY };
  const overrides = config.getOptionalConfig('severity');
  for (const key of overrides?.keys() ?? []) {
    const value = overrides!.getString(key);
    if (!isSeverity(value)) {
      throw new Error(
        `${path}.severity.${key} is "${value}": use one of P0, P1, P2, P3, P4, unclassified`,
      );
    }
    severity[key] = value;
  }
  return severity;
}

export type OpsgenieSettings = Omit<
  OpsgenieQualityProviderOptions,
  'schedule'
> & {
  schedule?: Config;
};

/** Reads `quality.providers.opsgenie`; undefined when it is not configured. */
export function readOpsgenieConfig(root: Config): OpsgenieSettings | undefined {
  const config = root.getOptionalConfig('quality.providers.opsgenie');
  if (!config) return undefined;
  return {
    id: 'opsgenie',
    baseUrl: config.getOptionalString('baseUrl') ?? 'https://api.opsgenie.com',
    apiKey: config.getString('apiKey'),
    severity: readSeverity(config, 'quality.providers.opsgenie'),
    backfillDays: config.getOptionalNumber('backfillDays') ?? 365,
    requestBudget: config.getOptionalNumber('requestBudget') ?? 500,
    schedule: config.getOptionalConfig('schedule'),
  };
}

export type JsmOpsSettings = Omit<JsmOpsQualityProviderOptions, 'schedule'> & {
  schedule?: Config;
};

/** Reads `quality.providers.jsmOps`; undefined when it is not configured. */
export function readJsmOpsConfig(root: Config): JsmOpsSettings | undefined {
  const config = root.getOptionalConfig('quality.providers.jsmOps');
  if (!config) return undefined;
  return {
    id: 'jsm-ops',
    baseUrl: config.getOptionalString('baseUrl') ?? 'https://api.atlassian.com',
    cloudId: config.getString('cloudId'),
    email: config.getString('email'),
    apiToken: config.getString('apiToken'),
    severity: readSeverity(config, 'quality.providers.jsmOps'),
    backfillDays: config.getOptionalNumber('backfillDays') ?? 365,
    requestBudget: config.getOptionalNumber('requestBudget') ?? 500,
    schedule: config.getOptionalConfig('schedule'),
  };
}
