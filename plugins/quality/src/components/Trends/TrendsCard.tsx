import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { qualityApiRef } from '../../api';
import { Loaded } from '../LoadError';
import { TrendsChart } from './TrendsChart';

export type TrendsScope =
  | { kind: 'group'; group: Omit<CompoundEntityRef, 'kind'> }
  | { kind: 'org' };

const WHOLE_ORG = 'org';

/**
 * The long view of a squad, or of the org with a choice of department:
 * twelve calendar months, loaded on its own so the page never waits for it.
 */
export function TrendsCard(props: { scope: TrendsScope }) {
  const api = useApi(qualityApiRef);
  const { scope } = props;
  const [department, setDepartment] = useState(WHOLE_ORG);
  const state = useAsyncRetry(async () => {
    if (scope.kind === 'group') {
      return {
        months: (await api.getSquadTrends(scope.group)).months,
        departments: [],
      };
    }
    return api.getOrgTrends();
  }, [
    api,
    scope.kind,
    scope.kind === 'group'
      ? `${scope.group.namespace}/${scope.group.name}`
      : '',
  ]);

  const content = (
    <Loaded state={state} title="Could not load the trends">
      {value => {
        const chosen = value.departments.find(d => d.groupRef === department);
        return (
          <>
            {value.departments.length > 0 && (
              <TextField
                select
                size="small"
                label="Show"
                value={chosen ? department : WHOLE_ORG}
                onChange={event => setDepartment(event.target.value)}
                style={{ minWidth: 240, marginBottom: 16 }}
                inputProps={{ 'data-testid': 'trends-scope' }}
              >
                <MenuItem value={WHOLE_ORG}>The whole organisation</MenuItem>
                {value.departments.map(d => (
                  <MenuItem key={d.groupRef} value={d.groupRef}>
                    {d.title}
                  </MenuItem>
                ))}
              </TextField>
            )}
            <TrendsChart months={chosen ? chosen.months : value.months} />
          </>
        );
      }}
    </Loaded>
  );
  return (
    <InfoCard
      title="Trends"
      subheader="Twelve calendar months (UTC), the current one up to today"
    >
      <div data-testid="card-trends">{content}</div>
    </InfoCard>
  );
}
