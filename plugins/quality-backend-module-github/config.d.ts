import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  quality?: {
    providers?: {
      /**
       * GitHub instances to read bug issues from, keyed by a name of your choice.
       * Each becomes the provider `github-<instance>`. Credentials come from
       * `integrations.github` for the host (token or GitHub App).
       */
      github?: {
        [instance: string]: {
          /** The host of the `integrations.github` entry to use. Default: github.com. */
          host?: string;
          /**
           * Reads entities without a `quality.backstage.io/github-instance` annotation.
           * Defaults to true when this is the only GitHub instance.
           */
          default?: boolean;
          /** Labels that make an issue a bug. Default: bug, type: bug, kind/bug. */
          bugLabels?: string[];
          /** GitHub issue types that are bugs. Default: ["Bug"]. */
          bugTypes?: string[];
          /** Label → P0…P4 / unclassified, added to the defaults. */
          severity?: { [label: string]: string };
          /** Labels that mark a bug as found in production. */
          escapedLabels?: string[];
          /** How far back the first sync reads, in days. Default 730. */
          backfillDays?: number;
          /** How often deleted and transferred issues are reconciled, in hours. Default 24. */
          reconcileHours?: number;
          /** Most requests one sync run may make, retries included. Default 2000. */
          requestBudget?: number;
          /**
           * Secret of a GitHub webhook (issues, label, deployment_status, release events)
           * pointing at /api/quality/v1/webhooks/github-<instance> (and
           * …/github-<instance>-deployments); webhooks are refused without it.
           * @visibility secret
           */
          webhookSecret?: string;
          /** Retries of a rate-limited or failed request. Default 3. */
          maxRetries?: number;
          /**
           * Deployments for the rework rate (provider `github-<instance>-deployments`):
           * successful GitHub deployments to `environment`, or published releases.
           */
          deployments?: {
            /** `deployments` (default), `releases` or `none`. */
            source?: 'deployments' | 'releases' | 'none';
            /** Default: production. */
            environment?: string;
            /**
             * A deployment (description, ref, task) or release (name, tag) matching this
             * case-insensitive pattern is remediation. Default: hotfix|revert|rollback|roll back.
             */
            remediationPattern?: string;
          };
          /** Default: every 30 minutes. */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      };
    };
  };
}
