import {
  NormalisedBug,
  NormalisedDeployment,
  NormalisedIncident,
  NormalisedPostmortem,
} from '@quality-pulse/plugin-quality-node';

/** @public */
export interface DemoHistory {
  bugs: NormalisedBug[];
  incidents: NormalisedIncident[];
  postmortems: NormalisedPostmortem[];
  deployments: NormalisedDeployment[];
}
