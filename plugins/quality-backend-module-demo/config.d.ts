import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  quality?: {
    providers?: {
      /** The demo provider: generated history for every annotated component. Not for production. */
      demo?: {
        /** Off unless true. */
        enabled?: boolean;
        /** Changes the generated history; the same seed gives the same data. */
        seed?: string;
        /** ISO date where the history ends; defaults to the start of the current UTC day. */
        anchorDate?: string;
        /**
         * The story for a quality initiative: from `days` before the end of
         * the history, the components of the `owners` squads escape fewer
         * and fewer bugs, down to a third.
         */
        improvement?: {
          days: number;
          owners: string[];
        };
        /** How often the demo data is rewritten. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
