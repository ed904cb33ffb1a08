import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import {
  readInstanceConfigs,
  readSourceSettings,
  readTrackerClassification,
  DEFAULT_ESCAPED_LABELS,
} from '@quality-pulse/plugin-quality-node';
import { GithubDeploymentsProviderOptions } from './GithubDeploymentsProvider';
import { GithubQualityProviderOptions } from './GithubQualityProvider';

/** Labels teams use for severity on GitHub, most specific first. */
export const DEFAULT_GITHUB_SEVERITY = {
  P0: 'P0',
  P1: 'P1',
  P2: 'P2',
  P3: 'P3',
  P4: 'P4',
  'severity:critical': 'P0',
  'severity:high': 'P1',
  'severity:medium': 'P2',
  'severity:low': 'P3',
  'priority/critical': 'P0',
  'priority/high': 'P1',
  'priority/medium': 'P2',
  'priority/low': 'P3',
  'priority: critical': 'P0',
  'priority: high': 'P1',
  'priority: medium': 'P2',
  'priority: low': 'P3',
} as const;

export const DEFAULT_GITHUB_BUG_LABELS = ['bug', 'type: bug', 'kind/bug'];
export type GithubInstance = GithubQualityProviderOptions & {
  /** Absent when `deployments.source` is `none`. */
  deployments?: GithubDeploymentsProviderOptions;
};

export const DEFAULT_REMEDIATION_PATTERN = 'hotfix|revert|rollback|roll back';

function readDeployments(
  config: Config,
  path: string,
  base: Pick<
    GithubDeploymentsProviderOptions,
    | 'instance'
    | 'isDefaultInstance'
    | 'host'
    | 'apiBaseUrl'
    | 'token'
    | 'backfillDays'
    | 'requestBudget'
    | 'maxRetries'
    | 'webhookSecret'
    | 'schedule'
  >,
  providerId: string,
): GithubInstance['deployments'] {
  const deployments = config.getOptionalConfig('deployments');
  const source = deployments?.getOptionalString('source') ?? 'deployments';
  if (source === 'none') return undefined;
  if (source !== 'deployments' && source !== 'releases') {
    throw new Error(
      `${path}.deployments.source is "${source}": use deployments, releases or none`,
    );
  }
  const pattern =
    deployments?.getOptionalString('remediationPattern') ??
    DEFAULT_REMEDIATION_PATTERN;
  let remediationPattern: RegExp;
  try {
    remediationPattern = new RegExp(pattern, 'i');
  } catch (error) {
    throw new Error(
      `${path}.deployments.remediationPattern is not a regular expression: ${
        (error as Error).message
      }`,
    );
  }
  return {
    ...base,
    id: `${providerId}-deployments`,
    source,
    environment: deployments?.getOptionalString('environment') ?? 'production',
    remediationPattern,
  };
}

/**
 * Reads `quality.providers.github.<instance>`. Credentials come from
 * Backstage's `integrations.github` for the instance's host (a token or a
 * GitHub App), as the catalog's GitHub integration uses them.
 */
export function readGithubInstances(root: Config): GithubInstance[] {
  const integrations = ScmIntegrations.fromConfig(root);
  const credentials =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  return readInstanceConfigs(root, 'github').map(source => {
    const { config, path } = source;
    const host = config.getOptionalString('host') ?? 'github.com';
    const integration = integrations.github.byHost(host);
    if (!integration) {
      throw new Error(
        `${path}.host is "${host}" but integrations.github has no entry for it`,
      );
    }
    const classification = readTrackerClassification(
      config,
      {
        severity: { ...DEFAULT_GITHUB_SEVERITY },
        bugLabels: DEFAULT_GITHUB_BUG_LABELS,
        escapedLabels: [...DEFAULT_ESCAPED_LABELS],
      },
      path,
    );
    const instance: GithubInstance = {
      ...readSourceSettings(config, source.id, {
        backfillDays: 730,
        reconcileHours: 24,
        requestBudget: 2000,
      }),
      instance: source.instance,
      isDefaultInstance: source.isDefaultInstance,
      host,
      apiBaseUrl: integration.config.apiBaseUrl ?? `https://api.${host}`,
      token: async url => (await credentials.getCredentials({ url })).token,
      mapping: {
        ...classification,
        bugTypes: config.getOptionalStringArray('bugTypes') ?? ['Bug'],
      },
      maxRetries: config.getOptionalNumber('maxRetries') ?? 3,
      webhookSecret: config.getOptionalString('webhookSecret'),
    };
    instance.deployments = readDeployments(config, path, instance, instance.id);
    return instance;
  });
}
