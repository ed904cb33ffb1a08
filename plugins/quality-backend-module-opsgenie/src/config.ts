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

/**
 * Reads `quality.providers.<key>` (Opsgenie and JSM operations are read the
 * same way but for their credentials); undefined when it is not configured.
 */
function readSelectorSettings(
  root: Config,
  key: 'opsgenie' | 'jsmOps',
  defaults: { id: string; baseUrl: string },
  source: (
    config: Config,
    common: { baseUrl: string; severity: Record<string, Severity> },
  ) => SelectorSettings['source'],
): SelectorSettings | undefined {
  const config = root.getOptionalConfig(`quality.providers.${key}`);
  if (!config) return undefined;
  const baseUrl = config.getOptionalString('baseUrl') ?? defaults.baseUrl;
  const severity = readSeverityMap(
    config.getOptionalConfig('severity'),
    DEFAULT_OPSGENIE_SEVERITY,
    `quality.providers.${key}.severity`,
  );
  return {
    id: defaults.id,
    baseUrl,
    source: source(config, { baseUrl, severity }),
    backfillDays: config.getOptionalNumber('backfillDays') ?? 365,
    requestBudget: config.getOptionalNumber('requestBudget') ?? 500,
    schedule: config.getOptionalConfig('schedule'),
  };
}

/** Reads `quality.providers.opsgenie`; undefined when it is not configured. */
export function readOpsgenieConfig(root: Config): SelectorSettings | undefined {
  return readSelectorSettings(
    root,
    'opsgenie',
    { id: 'opsgenie', baseUrl: 'https://api.opsgenie.com' },
    (config, common) =>
      opsgenieSource({ ...common, apiKey: config.getString('apiKey') }),
  );
}

/** Reads `quality.providers.jsmOps`; undefined when it is not configured. */
export function readJsmOpsConfig(root: Config): SelectorSettings | undefined {
  return readSelectorSettings(
    root,
    'jsmOps',
    { id: 'jsm-ops', baseUrl: 'https://api.atlassian.com' },
    (config, common) =>
      jsmOpsSource({
        ...common,
        cloudId: config.getString('cloudId'),
        email: config.getString('email'),
        apiToken: config.getString('apiToken'),
      }),
  );
}
