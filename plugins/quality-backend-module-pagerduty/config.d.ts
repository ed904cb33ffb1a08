import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  quality?: {
    providers?: {
      /** PagerDuty incidents of the services named by `pagerduty.com/service-id`. */
      pagerduty?: {
        /**
         * A REST API key (read-only is enough).
         * @visibility secret
         */
        token: string;
        /** Default: https://api.pagerduty.com (https://api.eu.pagerduty.com for EU accounts). */
        baseUrl?: string;
        /**
         * The secret of a v3 webhook subscription pointing at
         * /api/quality/v1/webhooks/pagerduty; webhooks are refused without it.
         * @visibility secret
         */
        webhookSecret?: string;
        /** Priority (P1…P5) → P0…P4 / unclassified. Default: P1→P0 … P5→P4. */
        priority?: { [name: string]: string };
        /** Urgency → severity when an incident has no priority. Default: high→P1, low→P3. */
        urgency?: { [name: string]: string };
        /** How far back the first sync reads, in days. Default 365. */
        backfillDays?: number;
        /** Most requests one sync run may make, retries included. Default 900 (PagerDuty allows 960 a minute). */
        requestBudget?: number;
        /** Default: every 30 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
