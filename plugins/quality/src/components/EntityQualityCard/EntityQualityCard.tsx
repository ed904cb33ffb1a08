import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import {
  BUG_TRACKER_ANNOTATIONS,
  INCIDENT_TOOL_ANNOTATIONS,
  isQualityConfigured,
  QualityBudget,
  QualityScorecard,
} from '@quality-pulse/plugin-quality-common';
import { ReactNode } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { qualityApiRef } from '../../api';
// Its own module: importing it from the tab's files would pull the tab into this card's chunk.
import { ownerGroupOf } from '../ownerGroupOf';
import { formatDuration } from '../formatDuration';
import { formatRatio } from '../formatRatio';
// The scorecard's pieces, not the tab's card: this card's chunk stays small.
import { CheckStatusIcon } from '../Scorecard/checkStatus';
import { LevelHeadline } from '../Scorecard/ScorecardCard';
import { checksToActOn } from '../Scorecard/useScorecard';

const BUDGET_LABEL: Record<QualityBudget['state'], string> = {
  within: 'Within budget',
  'at-risk': 'Budget at risk',
  breached: 'Budget breached: bug-fix sprint next',
};

function Line(props: { label: string; testId: string; children: ReactNode }) {
  return (
    <Box
      display="flex"
      justifyContent="space-between"
      py={0.75}
      style={{ gap: 16 }}
    >
      <Typography variant="body2" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="body2" align="right" data-testid={props.testId}>
        {props.children}
      </Typography>
    </Box>
  );
}

/** Level and the (at most three) checks to act on first, each with its reason. */
function ScorecardSummary(props: { card: QualityScorecard }) {
  const toActOn = checksToActOn(props.card);
  return (
    <Box mt={1.5} data-testid="card-scorecard">
      <Typography variant="subtitle2" gutterBottom>
        Scorecard
      </Typography>
      <LevelHeadline card={props.card} />
      {toActOn.slice(0, 3).map(check => (
        <Box
          key={check.checkId}
          display="flex"
          mt={1}
          style={{ gap: 8 }}
          data-testid="card-check"
        >
          <CheckStatusIcon status={check.status} />
          <Box>
            <Typography variant="body2">{check.title}</Typography>
            <Typography variant="caption" color="textSecondary">
              {check.reason}
            </Typography>
          </Box>
        </Box>
      ))}
      {toActOn.length > 3 && (
        <Typography variant="caption" color="textSecondary">
          and {toActOn.length - 3} more on the Quality tab
        </Typography>
      )}
    </Box>
  );
}

/**
 * The quality scorecard of a service for its overview tab: the figures of the
 * Quality tab in five lines, and its squad's budget state.
 */
export function EntityQualityCard() {
  const { entity } = useEntity();
  const api = useApi(qualityApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const ref = getCompoundEntityRef(entity);
  const owner = ownerGroupOf(entity);
  const configured = isQualityConfigured(entity);
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    if (!configured) return undefined;
    const [summary, squad, scorecard] = await Promise.all([
      api.getEntitySummary(ref),
      // A missing or invisible owner is no reason to hide the service's own figures.
      owner ? api.getSquadSummary(owner).catch(() => undefined) : undefined,
      // Nor is a scorecard the caller may not read.
      api.getEntityScorecard(ref).catch(() => undefined),
    ]);
    return { summary, squad, scorecard };
  }, [api, entity, configured]);
  const tabLink = `${entityRoute({
    kind: ref.kind.toLocaleLowerCase('en-US'),
    namespace: ref.namespace,
    name: ref.name,
  })}/quality`;

  let content: ReactNode;
  if (!configured) {
    content = (
      <Typography variant="body2" color="textSecondary">
        Not configured: add one of {BUG_TRACKER_ANNOTATIONS[0]},{' '}
        {INCIDENT_TOOL_ANNOTATIONS[0]} or another tracker or incident tool
        annotation; the Quality tab lists them all.
      </Typography>
    );
  } else if (error) {
    content = (
      <Box>
        <ResponseErrorPanel error={error} title="Could not load quality data" />
        <Chip label="Retry" onClick={retry} clickable variant="outlined" />
      </Box>
    );
  } else if (loading || !value) {
    content = <Progress />;
  } else if (!value.summary.hasData) {
    content = (
      <Typography variant="body2" color="textSecondary">
        No quality data yet: it appears after the first sync.
      </Typography>
    );
  } else {
    const { summary, squad, scorecard } = value;
    const bySeverity = summary.openBugs.bySeverity
      .filter(s => s.count > 0)
      .map(s => `${s.severity} ${s.count}`)
      .join(' · ');
    const trend = summary.burnDownTrend;
    content = (
      <Box>
        {squad?.budget && (
          <Box mb={1}>
            <Chip
              size="small"
              data-testid="card-budget"
              color={
                squad.budget.state === 'breached' ? 'secondary' : 'default'
              }
              label={`${squad.title}: ${BUDGET_LABEL[squad.budget.state]}`}
            />
          </Box>
        )}
        <Line label="Open bugs" testId="card-open-bugs">
          {summary.openBugs.total}
          {bySeverity && ` (${bySeverity})`}
        </Line>
        <Line label="Time to restore, P0 and P1" testId="card-mttr">
          {formatDuration(summary.mttr.critical.medianMs)} median ·{' '}
          {summary.mttr.critical.count}{' '}
          {summary.mttr.critical.count === 1 ? 'incident' : 'incidents'}
        </Line>
        <Line label="Escaped to production" testId="card-escaped">
          {formatRatio(summary.escapedDefectRate, 'new bugs')}
        </Line>
        <Line label="Burn-down, four weeks" testId="card-trend">
          {trend.changeOverFourWeeks === 0 && 'No change'}
          {trend.changeOverFourWeeks > 0 &&
            `↑ ${trend.changeOverFourWeeks} more open`}
          {trend.changeOverFourWeeks < 0 &&
            `↓ ${-trend.changeOverFourWeeks} fewer open`}
          {trend.wrongWay && ' · going the wrong way'}
        </Line>
        <Line label="Root-cause coverage" testId="card-coverage">
          {formatRatio(
            summary.rootCauseCoverage,
            'have a complete post-mortem',
          )}
        </Line>
        {scorecard?.evaluatedAt && <ScorecardSummary card={scorecard} />}
      </Box>
    );
  }
  return (
    <InfoCard
      title="Quality"
      subheader={
        value?.summary ? `Last ${value.summary.window.days} days` : undefined
      }
      // In the header, not at the foot: in the catalog's side column the
      // foot of a long card is below the fold.
      action={
        <Box pt={2} pr={1}>
          <Link to={tabLink}>Quality tab →</Link>
        </Box>
      }
    >
      {content}
    </InfoCard>
  );
}
