import { EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { qualityApiRef } from '../../api';
import { BurnDownTrendCard } from '../cards/BurnDownTrendCard';
import { MttrCard } from '../cards/MttrCard';
import { OpenBugsCard } from '../cards/OpenBugsCard';
import { QualityRatesCard } from '../cards/QualityRatesCard';
import { WindowBar } from '../WindowPicker';
import { LoadingSkeleton } from '../LoadingSkeleton';
import { QualityItemsScopeProvider } from '../QualityItems';
import { BudgetCard } from '../cards/BudgetCard';
import { ScorecardCard } from '../Scorecard';
import { LearningLoopCard } from '../Learning';
import { ServicesTable } from './ServicesTable';
import { Loaded } from '../LoadError';
import { TrendsCard } from '../Trends';
import { SquadInitiativesCard } from '../Initiatives';

/**
 * The Quality tab of a Group page: everything the squad and its child groups
 * own, its quality budget, and its services side by side.
 */
export function GroupQualityContent() {
  const { entity } = useEntity();
  const qualityApi = useApi(qualityApiRef);
  const [windowDays, setWindowDays] = useState(90);
  const group = {
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
  const state = useAsyncRetry(async () => {
    const [summary, series] = await Promise.all([
      qualityApi.getSquadSummary(group, { windowDays }),
      qualityApi.getSquadTimeSeries(group, { windowDays }),
    ]);
    return { summary, series };
  }, [qualityApi, group.namespace, group.name, windowDays]);

  return (
    <Loaded
      state={state}
      title="Could not load quality data"
      progress={<LoadingSkeleton />}
    >
      {({ summary: value, series }) => {
        if (value.entityRefs.length === 0) {
          return (
            <EmptyState
              missing="data"
              title="This group owns no components yet"
              description="The squad view is the rollup of the components the group and its child groups own (spec.owner)."
            />
          );
        }

        return (
          <QualityItemsScopeProvider
            owner={{ kind: 'group', group }}
            windowDays={windowDays}
          >
            <Grid container spacing={3}>
              <Grid item xs={12}>
                <WindowBar windowDays={windowDays} onChange={setWindowDays}>
                  <Typography
                    variant="body2"
                    color="textSecondary"
                    data-testid="squad-scope"
                  >
                    {value.entityRefs.length} components
                    {value.childGroupRefs.length > 0 &&
                      ` across ${value.childGroupRefs.length + 1} groups`}
                  </Typography>
                </WindowBar>
              </Grid>
              {value.budget && (
                <Grid item xs={12} md={5}>
                  <BudgetCard
                    budget={value.budget}
                    consumers={value.budgetConsumers}
                  />
                </Grid>
              )}
              <Grid item xs={12} md={value.budget ? 7 : 12}>
                <OpenBugsCard summary={value} />
              </Grid>
              <Grid item xs={12}>
                <ScorecardCard scope={{ kind: 'group', group }} />
              </Grid>
              <Grid item xs={12}>
                <SquadInitiativesCard group={group} />
              </Grid>
              <Grid item xs={12}>
                <LearningLoopCard group={group} />
              </Grid>
              <Grid item xs={12}>
                <BurnDownTrendCard summary={value} points={series.burnDown} />
              </Grid>
              <Grid item xs={12} md={7}>
                <MttrCard summary={value} weeks={series.mttrWeekly} />
              </Grid>
              <Grid item xs={12} md={5}>
                <QualityRatesCard summary={value} />
              </Grid>
              <Grid item xs={12}>
                <TrendsCard scope={{ kind: 'group', group }} />
              </Grid>
              <Grid item xs={12}>
                <ServicesTable rows={value.entities} />
              </Grid>
            </Grid>
          </QualityItemsScopeProvider>
        );
      }}
    </Loaded>
  );
}
