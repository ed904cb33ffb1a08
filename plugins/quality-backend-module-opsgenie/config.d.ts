import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  quality?: {
    providers?: {
      /**
       * Jira Service Management operations alerts (Opsgenie's successor), selected by
       * the same `opsgenie.com/component-selector` query.
       */
      jsmOps?: {
        /** The Atlassian site's cloud id. */
        cloudId: string;
        /** The account the API token belongs to. */
        email: string;
        /**
         * An Atlassian API token of an account that can see the alerts.
         * @visibility secret
         */
        apiToken: string;
        /** Default: https://api.atlassian.com. */
        baseUrl?: string;
        /** Priority (P1…P5) → P0…P4 / unclassified. */
        severity?: { [name: string]: string };
        /** How far back the first sync reads, in days. Default 365. */
        backfillDays?: number;
        /** Most requests one sync run may make, retries included. Default 500. */
        requestBudget?: number;
        /** Default: every 30 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
      /** Opsgenie incidents selected by each component's `opsgenie.com/component-selector` query. */
      opsgenie?: {
        /**
         * An Opsgenie API key (an integration key with read access).
         * @visibility secret
         */
        apiKey: string;
        /** Default: https://api.opsgenie.com (https://api.eu.opsgenie.com for EU accounts). */
        baseUrl?: string;
        /** Priority (P1…P5) → P0…P4 / unclassified. */
        severity?: { [name: string]: string };
        /** How far back the first sync reads, in days. Default 365. */
        backfillDays?: number;
        /** Most requests one sync run may make, retries included. Default 500. */
        requestBudget?: number;
        /** Default: every 30 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
