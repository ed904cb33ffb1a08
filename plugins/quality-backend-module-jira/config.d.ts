import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  quality?: {
    providers?: {
      /**
       * Jira sites to read bugs from, keyed by an instance name of your choice
       * (`cloud`, `onprem`). Each becomes the provider `jira-<instance>`.
       */
      jira?: {
        [instance: string]: {
          /** The site, e.g. https://acme.atlassian.net or https://jira.acme.internal. */
          baseUrl: string;
          /** `cloud` (default) or `datacenter` (also Jira Server). */
          deployment?: 'cloud' | 'datacenter';
          /** Cloud: the account the API token belongs to. */
          email?: string;
          /**
           * Cloud: an API token with read access to the projects (classic scope `read:jira-work`).
           * @visibility secret
           */
          apiToken?: string;
          /**
           * Data Center: a personal access token of a user who can browse the projects.
           * @visibility secret
           */
          personalAccessToken?: string;
          /**
           * Reads entities without a `quality.backstage.io/jira-instance` annotation.
           * Defaults to true when this is the only Jira instance.
           */
          default?: boolean;
          /** Issue types that are bugs. Default: ["Bug"]. */
          issueTypes?: string[];
          /** Field that carries severity: `priority` (default) or a custom field id. */
          severityField?: string;
          /** Field value (priority name) → P0…P4 / unclassified, added to the defaults. */
          severity?: { [value: string]: string };
          /** Labels that mark a bug as found in production. */
          escapedLabels?: string[];
          /** A field whose text marks an escape, e.g. `environment` or `customfield_10050`. */
          escapedField?: string;
          /** Words that, found in `escapedField`, mean escaped. Default: ["production"]. */
          escapedValues?: string[];
          /** A link to an issue of these types makes a bug escaped. Default: ["Incident"]. */
          incidentIssueTypes?: string[];
          /** How far back the first sync reads, in days. Default 730. */
          backfillDays?: number;
          /** How often deleted and moved issues are reconciled, in hours. Default 24. */
          reconcileHours?: number;
          /** Most requests one sync run may make, retries included. Default 2000. */
          requestBudget?: number;
          /** Default: every 30 minutes. */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      };
    };
  };
}
