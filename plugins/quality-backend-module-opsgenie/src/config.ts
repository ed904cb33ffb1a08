import { Config } from '@backstage/config';
import { Severity } from '@quality-pulse/plugin-quality-common';
import { readAccountConfig } from '@quality-pulse/plugin-quality-node';
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
  ) => SelectorIncidentsProviderOptions['source'],
): SelectorIncidentsProviderOptions | undefined {
  const account = readAccountConfig(root, key, {
    ...defaults,
    requestBudget: 500,
  });
  if (!account) return undefined;
  const { baseUrl, ...settings } = account.settings;
  return {
    ...settings,
    source: source(account.config, {
      baseUrl,
      severity: account.readSeverity('severity', DEFAULT_OPSGENIE_SEVERITY),
    }),
  };
}

/** Reads `quality.providers.opsgenie`; undefined when it is not configured. */
export function readOpsgenieConfig(
  root: Config,
): SelectorIncidentsProviderOptions | undefined {
  return readSelectorSettings(
    root,
    'opsgenie',
    { id: 'opsgenie', baseUrl: 'https://api.opsgenie.com' },
    (config, common) =>
      opsgenieSource({ ...common, apiKey: config.getString('apiKey') }),
  );
}

/** Reads `quality.providers.jsmOps`; undefined when it is not configured. */
export function readJsmOpsConfig(
  root: Config,
): SelectorIncidentsProviderOptions | undefined {
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
