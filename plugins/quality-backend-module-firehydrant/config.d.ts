import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  quality?: {
    providers?: {
      /** FireHydrant incidents and retrospectives of the services named by `firehydrant.com/service-name`. */
      firehydrant?: {
        /**
         * A FireHydrant bot token with read access.
         * @visibility secret
         */
        token: string;
        /** Default: https://api.firehydrant.io. */
        baseUrl?: string;
        /** Severity (SEV1…SEV5) → P0…P4 / unclassified. */
        severity?: { [name: string]: string };
        /** How far back the first sync reads, in days. Default 365. */
        backfillDays?: number;
        /** Most requests one sync run may make, retries included. Default 1000. */
        requestBudget?: number;
        /** Default: every 30 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
