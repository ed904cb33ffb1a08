import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  quality?: {
    providers?: {
      /** Rootly incidents and post-mortems of the services named by `rootly.com/service-id`. */
      rootly?: {
        /**
         * A Rootly API key with read access.
         * @visibility secret
         */
        apiKey: string;
        /** Default: https://api.rootly.com. */
        baseUrl?: string;
        /** Severity name (SEV0…) or level (critical…) → P0…P4 / unclassified. */
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
