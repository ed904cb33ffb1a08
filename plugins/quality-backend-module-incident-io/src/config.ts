import { Config } from '@backstage/config';
import { Severity } from '@quality-pulse/plugin-quality-common';
import {
  readSeverityMap,
  readSourceSettings,
} from '@quality-pulse/plugin-quality-node';
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
  const config = root.getOptionalConfig('quality.providers.incidentIo');
  if (!config) return undefined;
  const severity = readSeverityMap(
    config.getOptionalConfig('severity'),
    DEFAULT_INCIDENT_IO_SEVERITY,
    'quality.providers.incidentIo.severity',
  );
  return {
    ...readSourceSettings(config, 'incident-io', {
      backfillDays: 365,
      reconcileHours: 24,
      requestBudget: 1000,
    }),
    baseUrl: config.getOptionalString('baseUrl') ?? 'https://api.incident.io',
    apiKey: config.getString('apiKey'),
    webhookSecret: config.getOptionalString('webhookSecret'),
    mapping: {
      catalogField: config.getString('catalogField'),
      severity,
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
