import { EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import { isQualityConfigured } from '@quality-pulse/plugin-quality-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { qualityApiRef } from '../../api';
import { QualityNotConfigured } from '../QualityNotConfigured';
import { WindowBar } from '../WindowPicker';
import { LoadingSkeleton } from '../LoadingSkeleton';
import { MttrCard } from '../cards/MttrCard';
import { BurnDownTrendCard } from '../cards/BurnDownTrendCard';
import { OpenBugsCard } from '../cards/OpenBugsCard';
import { QualityRatesCard } from '../cards/QualityRatesCard';
import { SourceFreshness } from './SourceFreshness';
import { QualityItemsScopeProvider } from '../QualityItems';
import { OwnerBudgetCard } from './OwnerBudgetCard';
import { ownerGroupOf } from '../ownerGroupOf';
import { PostmortemsCard } from './PostmortemsCard';
import { ScorecardCard } from '../Scorecard';
import { Loaded } from '../LoadError';

/** The Quality tab of a service page. */
export function EntityQualityContent() {
  const { entity } = useEntity();
  if (!isQualityConfigured(entity)) {
    return <QualityNotConfigured entity={entity} />;
  }
  return <ConfiguredEntityQuality />;
}

function ConfiguredEntityQuality() {
  const { entity } = useEntity();
  const qualityApi = useApi(qualityApiRef);
  const [windowDays, setWindowDays] = useState(90);
  const entityRef = getCompoundEntityRef(entity);
  const state = useAsyncRetry(async () => {
    const window = { windowDays };
    const [summary, series, postmortems] = await Promise.all([
      qualityApi.getEntitySummary(entityRef, window),
      qualityApi.getEntityTimeSeries(entityRef, window),
      qualityApi.getEntityPostmortems(entityRef, window),
    ]);
    return { summary, series, postmortems };
  }, [qualityApi, entity, windowDays]);

  return (
    <Loaded
      state={state}
      title="Could not load quality data"
      progress={<LoadingSkeleton />}
    >
      {({ summary: value, series, postmortems }) => {
        if (!value.hasData) {
          return (
            <EmptyState
              missing="data"
              title="No quality data yet"
              description="This service is configured, but its first sync has not stored anything yet. Data appears here after the next sync."
              action={
                <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
                  {/* A failing source (a rejected token, a missing project) says so here. */}
                  {value.sources.length > 0 && (
                    <SourceFreshness sources={value.sources} />
                  )}
                  <Box>
                    <Button
                      variant="outlined"
                      color="primary"
                      onClick={state.retry}
                    >
                      Check again
                    </Button>
                  </Box>
                </Box>
              }
            />
          );
        }

        const owner = ownerGroupOf(entity);
        return (
          <QualityItemsScopeProvider
            owner={{ kind: 'entity', entity: entityRef }}
            windowDays={windowDays}
          >
            <Grid container spacing={3}>
              <Grid item xs={12}>
                <WindowBar windowDays={windowDays} onChange={setWindowDays}>
                  <Box flex="1 1 320px" minWidth={0}>
                    <SourceFreshness sources={value.sources} />
                  </Box>
                </WindowBar>
              </Grid>
              <Grid item xs={12} md={7}>
                <MttrCard summary={value} weeks={series.mttrWeekly} />
              </Grid>
              <Grid item xs={12} md={5}>
                <OpenBugsCard summary={value} />
              </Grid>
              <Grid item xs={12}>
                <BurnDownTrendCard summary={value} points={series.burnDown} />
              </Grid>
              <Grid item xs={12} md={7}>
                <QualityRatesCard summary={value} />
              </Grid>
              <Grid item xs={12} md={5}>
                <OwnerBudgetCard owner={owner} />
              </Grid>
              <Grid item xs={12}>
                <PostmortemsCard
                  postmortems={postmortems.postmortems}
                  entity={entityRef}
                  onChange={state.retry}
                />
              </Grid>
              <Grid item xs={12}>
                <ScorecardCard scope={{ kind: 'entity', entity: entityRef }} />
              </Grid>
            </Grid>
          </QualityItemsScopeProvider>
        );
      }}
    </Loaded>
  );
}
