import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  readInstanceConfigs,
  readSourceSettings,
  readTrackerClassification,
  DEFAULT_ESCAPED_LABELS,
} from '@quality-pulse/plugin-quality-node';
import { CloudJiraSite } from './CloudJiraSite';
import { DataCenterJiraSite } from './DataCenterJiraSite';
import { JiraMapping } from './issueToBug';
import { JiraQualityProviderOptions } from './JiraQualityProvider';

/** Priorities of Jira Cloud (Highest…Lowest) and of Data Center's classic scheme (Blocker…Trivial). */
export const DEFAULT_JIRA_SEVERITY = {
  Highest: 'P0',
  Blocker: 'P0',
  High: 'P1',
  Critical: 'P1',
  Medium: 'P2',
  Major: 'P2',
  Low: 'P3',
  Minor: 'P3',
  Lowest: 'P4',
  Trivial: 'P4',
} as const;

export type JiraInstance = JiraQualityProviderOptions & {
  deployment: 'cloud' | 'datacenter';
};

function readMapping(config: Config, path: string): JiraMapping {
  const classification = readTrackerClassification(
    config,
    {
      severity: { ...DEFAULT_JIRA_SEVERITY },
      bugLabels: [],
      escapedLabels: [...DEFAULT_ESCAPED_LABELS],
    },
    path,
  );
  return {
    ...classification,
    severityField: config.getOptionalString('severityField') ?? 'priority',
    escapedField: config.getOptionalString('escapedField'),
    escapedValues: config.getOptionalStringArray('escapedValues') ?? [
      'production',
    ],
    incidentIssueTypes: config.getOptionalStringArray('incidentIssueTypes') ?? [
      'Incident',
    ],
  };
}

/** Reads `quality.providers.jira.<instance>`; a misconfigured site stops start-up with the key that is wrong. */
export function readJiraInstances(
  root: Config,
  logger: LoggerService,
): JiraInstance[] {
  return readInstanceConfigs(root, 'jira').map(source => {
    const { config, path, instance: key } = source;
    const baseUrl = config.getString('baseUrl').replace(/\/+$/, '');
    const deployment = config.getOptionalString('deployment') ?? 'cloud';
    if (deployment !== 'cloud' && deployment !== 'datacenter') {
      throw new Error(
        `${path}.deployment is "${deployment}": use "cloud" or "datacenter"`,
      );
    }
    const onSchemaMismatch = (report: unknown) =>
      logger.warn(
        `Jira (${key}) answered with a shape jira.js does not expect: ${JSON.stringify(
          report,
        ).slice(0, 500)}`,
      );
    const connect: JiraInstance['connect'] =
      deployment === 'cloud'
        ? call =>
            CloudJiraSite.create({
              baseUrl,
              email: config.getString('email'),
              apiToken: config.getString('apiToken'),
              call,
              onSchemaMismatch,
            })
        : async call =>
            new DataCenterJiraSite({
              baseUrl,
              personalAccessToken: config.getString('personalAccessToken'),
              call,
            });
    // Fail at start-up, not on the first run, when credentials are missing.
    if (deployment === 'cloud') {
      config.getString('email');
      config.getString('apiToken');
    } else {
      config.getString('personalAccessToken');
    }
    return {
      ...readSourceSettings(config, source.id, {
        backfillDays: 730,
        reconcileHours: 24,
        requestBudget: 2000,
      }),
      instance: key,
      isDefaultInstance: source.isDefaultInstance,
      deployment,
      baseUrl,
      connect,
      mapping: readMapping(config, path),
      issueTypes: config.getOptionalStringArray('issueTypes') ?? ['Bug'],
    };
  });
}
