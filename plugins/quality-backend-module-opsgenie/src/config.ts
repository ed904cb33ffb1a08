import { Config } from '@backstage/config';
import { Severity } from '@quality-pulse/plugin-quality-common';
import { readSeverityMap } from '@quality-pulse/plugin-quality-node';
import { jsmOpsSource } from './jsmOpsSource';
import { opsgenieSource } from './opsgenieSource';
import { SelectorIncidentsProviderOptions } from './SelectorIncidentsProvider';

/** Opsgenie's (and JSM operations') P1 is the highest priority: our P0. */
export const DEFAULT_OPSGENIE_SEVERITY: Record<string, Severity> = {
  P1: 'P0',
  P2: 'P1',
  P3: 'P2',
  P4: 'P3',
  P5: 'P4',
};

export type SelectorSettings = Omit<
  SelectorIncidentsProviderOptions,
  'schedule'
> & {
  schedule?: Config;
  /** The API's base URL, for the start-up log. */
  baseUrl: string;
};

function common(config: Config) {
  return {
    backfillDays: config.getOptionalNumber('backfillDays') ?? 365,
    requestBudget: config.getOptionalNumber('requestBudget') ?? 500,
    schedule: config.getOptionalConfig('schedule'),
  };
}

/** Reads `quality.providers.opsgenie`; undefined when it is not configured. */
export function readOpsgenieConfig(root: Config): SelectorSettings | undefined {
  const config = root.getOptionalConfig('quality.providers.opsgenie');
  if (!config) return undefined;
  const baseUrl =
    config.getOptionalString('baseUrl') ?? 'https://api.opsgenie.com';
  return {
    id: 'opsgenie',
    baseUrl,
    source: opsgenieSource({
      baseUrl,
      apiKey: config.getString('apiKey'),
      severity: readSeverityMap(
        config.getOptionalConfig('severity'),
        DEFAULT_OPSGENIE_SEVERITY,
        'quality.providers.opsgenie.severity',
      ),
    }),
    ...common(config),
  };
}

/** Reads `quality.providers.jsmOps`; undefined when it is not configured. */
export function readJsmOpsConfig(root: Config): SelectorSettings | undefined {
  const config = root.getOptionalConfig('quality.providers.jsmOps');
  if (!config) return undefined;
  const baseUrl =
    config.getOptionalString('baseUrl') ?? 'https://api.atlassian.com';
  return {
    id: 'jsm-ops',
    baseUrl,
    source: jsmOpsSource({
      baseUrl,
      cloudId: config.getString('cloudId'),
      email: config.getString('email'),
      apiToken: config.getString('apiToken'),
      severity: readSeverityMap(
        config.getOptionalConfig('severity'),
        DEFAULT_OPSGENIE_SEVERITY,
        'quality.providers.jsmOps.severity',
      ),
    }),
    ...common(config),
  };
}
