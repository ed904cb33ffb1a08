import { Config } from '@backstage/config';
import { Severity } from '@quality-pulse/plugin-quality-common';
import { readAccountConfig } from '@quality-pulse/plugin-quality-node';
import { IncidentIoQualityProviderOptions } from './IncidentIoQualityProvider';

/** incident.io's default severities. */
export const DEFAULT_INCIDENT_IO_SEVERITY: Record<string, Severity> = {
  Critical: 'P0',
  Major: 'P1',
  Minor: 'P2',
};

/** Reads `quality.providers.incidentIo`; undefined when it is not configured. */
export function readIncidentIoConfig(
  root: Config,
): IncidentIoQualityProviderOptions | undefined {
  const account = readAccountConfig(root, 'incidentIo', {
    id: 'incident-io',
    baseUrl: 'https://api.incident.io',
    reconcileHours: 24,
    requestBudget: 1000,
  });
  if (!account) return undefined;
  const { config } = account;
  return {
    ...account.settings,
    apiKey: config.getString('apiKey'),
    webhookSecret: config.getOptionalString('webhookSecret'),
    mapping: {
      catalogField: config.getString('catalogField'),
      severity: account.readSeverity('severity', DEFAULT_INCIDENT_IO_SEVERITY),
      startedTimestamps: config.getOptionalStringArray(
        'timestamps.started',
      ) ?? ['Impact started', 'Reported at'],
      acknowledgedTimestamps: config.getOptionalStringArray(
        'timestamps.acknowledged',
      ) ?? ['Accepted at', 'Acknowledged at'],
      resolvedTimestamps: config.getOptionalStringArray(
        'timestamps.resolved',
      ) ?? ['Resolved at', 'Closed at'],
    },
  };
}
