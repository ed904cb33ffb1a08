import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { DateTime } from 'luxon';
import { QualityFigures } from '../qualityFigures';

/** Open bugs at the end of each of the last four weeks, and the "wrong way" flag. */
export function BurnDownTrendCard({ summary }: { summary: QualityFigures }) {
  const { weekly, changeOverFourWeeks, wrongWay } = summary.burnDownTrend;
  const description = weekly
    .map(
      point =>
        `${DateTime.fromISO(point.date).toFormat('d LLL')}: ${point.open}`,
    )
    .join(', ');
  return (
    <InfoCard
      title="Bug burn-down, last four weeks"
      subheader="Open bugs at the end of each week"
    >
      {wrongWay && (
        <Box mb={2}>
          <Alert severity="warning" data-testid="burn-down-wrong-way">
            Going the wrong way: open bugs rose in each of the last two weeks.
          </Alert>
        </Box>
      )}
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
