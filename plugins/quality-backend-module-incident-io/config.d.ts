import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  quality?: {
    providers?: {
      /** incident.io incidents, mapped to components through a catalog custom field. */
      incidentIo?: {
        /**
         * An API key with "View data" access to incidents.
         * @visibility secret
         */
        apiKey: string;
        /** Default: https://api.incident.io. */
        baseUrl?: string;
        /**
         * The incident custom field (usually a catalog-backed "Affected services")
         * whose values name the components: by entity ref (the external id incident.io's
         * Backstage importer sets), entity name or title.
         */
        catalogField: string;
        /**
         * Signing secret (whsec_…) of a webhook endpoint pointing at
         * /api/quality/v1/webhooks/incident-io; webhooks are refused without it.
         * @visibility secret
         */
        webhookSecret?: string;
        /** Severity name → P0…P4 / unclassified. Default: Critical→P0, Major→P1, Minor→P2. */
        severity?: { [name: string]: string };
        /** Timestamp names to read, first present wins. */
        timestamps?: {
          /** Default: Impact started, Reported at (else the creation time). */
          started?: string[];
          /** Default: Accepted at, Acknowledged at. */
          acknowledged?: string[];
          /** Default: Resolved at, Closed at. */
          resolved?: string[];
        };
        /** How far back the first sync reads, in days. Default 365. */
        backfillDays?: number;
        /** How often changed service links are reconciled, in hours. Default 24. */
        reconcileHours?: number;
        /** Most requests one sync run may make, retries included. Default 1000. */
        requestBudget?: number;
        /** Default: every 30 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
