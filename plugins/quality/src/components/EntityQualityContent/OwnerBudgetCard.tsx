import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { qualityApiRef } from '../../api';
import { BudgetCard } from '../cards/BudgetCard';

/**
 * The quality budget of the squad that owns the service: the service page
 * shows what its squad's next sprint looks like, and which bugs decide it.
 */
export function OwnerBudgetCard(props: { owner?: CompoundEntityRef }) {
  const { owner } = props;
  const api = useApi(qualityApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const { value, loading, error } = useAsync(
    async () => (owner ? api.getSquadSummary(owner) : undefined),
    [api, owner?.namespace, owner?.name],
  );
  if (!owner) {
    return (
      <InfoCard title="Quality budget">
        <Typography color="textSecondary">
          No owning group: quality budgets belong to squads (spec.owner).
        </Typography>
      </InfoCard>
    );
  }
  if (error) {
    return (
      <InfoCard title="Quality budget">
        <ResponseErrorPanel
          error={error}
          title="Could not load the squad's budget"
        />
      </InfoCard>
    );
  }
  if (loading || !value) {
    return (
      <InfoCard title="Quality budget">
        <Progress />
      </InfoCard>
    );
  }
  if (!value.budget) {
    return (
      <InfoCard title="Quality budget">
        <Typography color="textSecondary">
          {value.title} is not a squad (spec.type team), so it has no quality
          budget of its own.
        </Typography>
      </InfoCard>
    );
  }
  return (
    <BudgetCard
      budget={value.budget}
      consumers={value.budgetConsumers}
      squad={{
        title: value.title,
        link: `${entityRoute({
          kind: 'group',
          namespace: owner.namespace,
          name: owner.name,
        })}/quality`,
      }}
    />
  );
}
