import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { QualityInitiative } from '@quality-pulse/plugin-quality-common';
import { DateTime } from 'luxon';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { qualityApiRef } from '../../api';
import { Loaded } from '../LoadError';
import { InitiativeChart } from './InitiativeChart';
import {
  formatServices,
  formatTarget,
  METRIC_TITLES,
} from './initiativeFormat';
import { InitiativeStateChip } from './InitiativeStateChip';
import { InitiativeTree } from './InitiativeTree';

const longDay = (day: string) =>
  DateTime.fromISO(day, { zone: 'utc' }).toFormat('d LLL yyyy');

/** What an initiative is: its metric, target, dates and why. */
export function InitiativeHeader(props: { initiative: QualityInitiative }) {
  const { initiative } = props;
  return (
    <Box mb={2}>
      <Typography variant="body2" color="textSecondary">
        {METRIC_TITLES[initiative.metric]}: {formatTarget(initiative)} by{' '}
        {longDay(initiative.deadline)} · from {longDay(initiative.start)} · each
        value reads the {initiative.windowDays} days up to it
        {initiative.services && ` · ${formatServices(initiative.services)}`}
      </Typography>
      <Typography variant="body1">{initiative.why}</Typography>
    </Box>
  );
}

/**
 * The overview's Initiatives: each initiative of app-config as the scope's
 * value against its trajectory, then every group of the scope with its state,
 * in catalog order. Nothing when none is configured.
 */
export function InitiativesSection() {
  const api = useApi(qualityApiRef);
  const state = useAsyncRetry(() => api.getOrgInitiatives(), [api]);
  if (state.value?.initiatives.length === 0) return null;
  return (
    <Box data-testid="initiatives">
      <Typography variant="h6" component="h2" gutterBottom>
        Initiatives
      </Typography>
      <Loaded state={state} title="Could not load the initiatives">
        {({ initiatives }) =>
          initiatives.map(initiative => (
            <Box mb={3} key={initiative.id}>
              <InfoCard
                title={initiative.title}
                action={
                  <Box mt={2} mr={1}>
                    <InitiativeStateChip
                      state={initiative.scope.progress.state}
                    />
                  </Box>
                }
              >
                <Box data-testid={`initiative-${initiative.id}`}>
                  <InitiativeHeader initiative={initiative} />
                  <InitiativeChart
                    initiative={initiative}
                    groupTitle={initiative.scope.title}
                    target={initiative.scope.progress.target}
                  />
                  <Box mt={2}>
                    <InitiativeTree initiative={initiative} />
                  </Box>
                </Box>
              </InfoCard>
            </Box>
          ))
        }
      </Loaded>
    </Box>
  );
}
