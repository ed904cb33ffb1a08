import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { DateTime } from 'luxon';
import { BurnDownPoint } from '@quality-pulse/plugin-quality-common';
import { LazyBurnDownChart } from '../LazyCharts';
import { QualityFigures } from '../qualityFigures';

/**
 * The burn-down of the window as a stacked area per severity, then the open
 * bugs at the end of each of the last four weeks with the "wrong way" flag.
 */
export function BurnDownTrendCard(props: {
  summary: QualityFigures;
  /** Daily points of the window; the chart is left out without them. */
  points?: BurnDownPoint[];
}) {
  const { summary, points } = props;
  const { weekly, changeOverFourWeeks, wrongWay } = summary.burnDownTrend;
  const description = weekly
    .map(
      point =>
        `${DateTime.fromISO(point.date).toFormat('d LLL')}: ${point.open}`,
    )
    .join(', ');
  return (
    <InfoCard
      title="Bug burn-down"
      subheader={`Open bugs by severity over the last ${summary.window.days} days`}
    >
      {wrongWay && (
        <Box mb={2}>
          <Alert severity="warning" data-testid="burn-down-wrong-way">
            Going the wrong way: open bugs rose in each of the last two weeks.
          </Alert>
        </Box>
      )}
      {points && points.length > 0 && (
        <Box mb={2}>
          <LazyBurnDownChart points={points} />
        </Box>
      )}
      <Typography variant="overline" component="div">
        Last four weeks, open at the end of each week
      </Typography>
      <Box
        display="flex"
        style={{ gap: 24 }}
        role="list"
        aria-label={`Open bugs per week: ${description}`}
      >
        {weekly.map(point => (
          <Box key={point.date} role="listitem" textAlign="center">
            <Typography variant="h5" component="div">
              {point.open}
            </Typography>
            <Typography variant="caption" color="textSecondary">
              {DateTime.fromISO(point.date).toFormat('d LLL')}
            </Typography>
          </Box>
        ))}
      </Box>
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="burn-down-change"
      >
        {changeOverFourWeeks === 0 && 'No change over four weeks.'}
        {changeOverFourWeeks > 0 &&
          `${changeOverFourWeeks} more open than four weeks ago.`}
        {changeOverFourWeeks < 0 &&
          `${-changeOverFourWeeks} fewer open than four weeks ago.`}
      </Typography>
    </InfoCard>
  );
}
