import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  quality?: {
    providers?: {
      /**
       * ClickUp workspaces to read bugs from, keyed by a name of your choice.
       * Each becomes the provider `clickup-<instance>`.
       */
      clickup?: {
        [instance: string]: {
          /**
           * A personal API token (pk_…) of a member who can see the lists.
           * @visibility secret
           */
          token: string;
          /** Default: https://api.clickup.com. */
          baseUrl?: string;
          /**
           * Reads entities without a `quality.backstage.io/clickup-instance` annotation.
           * Defaults to true when this is the only ClickUp instance.
           */
          default?: boolean;
          /** Tags that make a task a bug. Default: ["bug"]. */
          bugLabels?: string[];
          /** Priority (urgent, high, normal, low) or tag → P0…P4 / unclassified. */
          severity?: { [value: string]: string };
          /** Tags that mark a bug as found in production. */
          escapedLabels?: string[];
          /** How far back the first sync reads, in days. Default 730. */
          backfillDays?: number;
          /** How often deleted and moved tasks are reconciled, in hours. Default 24. */
          reconcileHours?: number;
          /** Most requests one sync run may make, retries included. Default 90 (ClickUp allows 100 a minute). */
          requestBudget?: number;
          /** Default: every 30 minutes. */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      };
    };
  };
}
