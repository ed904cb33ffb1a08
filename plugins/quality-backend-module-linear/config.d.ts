import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  quality?: {
    providers?: {
      /**
       * Linear workspaces to read bugs from, keyed by a name of your choice.
       * Each becomes the provider `linear-<instance>`.
       */
      linear?: {
        [instance: string]: {
          /**
           * A personal API key (read access) or an OAuth app token with the `read` scope.
           * @visibility secret
           */
          apiKey: string;
          /** The GraphQL endpoint. Default: https://api.linear.app/graphql. */
          apiUrl?: string;
          /**
           * Reads entities without a `quality.backstage.io/linear-instance` annotation.
           * Defaults to true when this is the only Linear instance.
           */
          default?: boolean;
          /** Labels that make an issue a bug. Default: ["Bug"]. */
          bugLabels?: string[];
          /** Priority name (Urgent, High, Medium, Low, No priority) → P0…P4 / unclassified. */
          severity?: { [priority: string]: string };
          /** Labels that mark a bug as found in production. */
          escapedLabels?: string[];
          /** How far back the first sync reads, in days. Default 730. */
          backfillDays?: number;
          /** How often deleted and moved issues are reconciled, in hours. Default 24. */
          reconcileHours?: number;
          /** Most requests one sync run may make, retries included. Default 1000. */
          requestBudget?: number;
          /** Default: every 30 minutes. */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      };
    };
  };
}
