import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  InitiativeNode,
  QualityInitiative,
} from '@quality-pulse/plugin-quality-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { qualityApiRef } from '../../api';
import { Loaded } from '../LoadError';
import { InitiativeChart } from './InitiativeChart';
import { formatFigure, formatValue } from './initiativeFormat';
import { InitiativeHeader } from './InitiativesSection';
import { InitiativeStateChip } from './InitiativeStateChip';

function find(node: InitiativeNode, ref: string): InitiativeNode | undefined {
  if (node.groupRef === ref) return node;
  for (const child of node.children) {
    const found = find(child, ref);
    if (found) return found;
  }
  return undefined;
}

function SquadLine(props: { initiative: QualityInitiative }) {
  const { initiative } = props;
  const own = find(initiative.scope, initiative.pointsOf);
  if (!own) return null;
  const { unit } = initiative;
  return (
    <Box mb={3} data-testid={`squad-initiative-${initiative.id}`}>
      <Box display="flex" alignItems="center" style={{ gap: 12 }}>
        <Typography variant="subtitle1">{initiative.title}</Typography>
        <InitiativeStateChip state={own.progress.state} />
      </Box>
      <InitiativeHeader initiative={initiative} />
      <Typography variant="body2" data-testid="squad-initiative-figures">
        Baseline {formatFigure(unit, own.progress.baseline)} · now{' '}
        {formatFigure(unit, own.progress.current)} · trajectory today{' '}
        {formatValue(unit, own.progress.expected)} · target{' '}
        {formatValue(unit, own.progress.target)}
      </Typography>
      <InitiativeChart
        initiative={initiative}
        groupTitle={own.title}
        target={own.progress.target}
      />
    </Box>
  );
}

/**
 * The squad tab's initiatives: those whose scope includes the squad, each
 * with the squad's own value against its own trajectory. Nothing when none
 * includes it.
 */
export function SquadInitiativesCard(props: {
  group: Omit<CompoundEntityRef, 'kind'>;
}) {
  const api = useApi(qualityApiRef);
  const { namespace, name } = props.group;
  const state = useAsyncRetry(
    () => api.getSquadInitiatives({ namespace, name }),
    [api, namespace, name],
  );
  if (state.value?.initiatives.length === 0) return null;
  return (
    <InfoCard title="Initiatives">
      <Loaded state={state} title="Could not load the initiatives">
        {({ initiatives }) =>
          initiatives.map(initiative => (
            <SquadLine key={initiative.id} initiative={initiative} />
          ))
        }
      </Loaded>
    </InfoCard>
  );
}
