import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  Severity,
  SEVERITY_LABELS,
} from '@quality-pulse/plugin-quality-common';
import { QualityFigures } from '../qualityFigures';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'grid',
    gridTemplateColumns: '9rem 1fr 3rem',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  track: {
    height: 12,
    borderRadius: 6,
    background: theme.palette.action.hover,
    overflow: 'hidden',
  },
}));

/** Palette per severity that reads in both light and dark themes. */
const SEVERITY_COLORS: Record<Severity, string> = {
  P0: '#d32f2f',
  P1: '#f57c00',
  P2: '#fbc02d',
  P3: '#1976d2',
  P4: '#78909c',
  unclassified: '#9e9e9e',
};

/** Open bugs right now, per severity, as labelled bars with the exact count beside each. */
export function OpenBugsCard({ summary }: { summary: QualityFigures }) {
  const classes = useStyles();
  const { total, bySeverity } = summary.openBugs;
  const largest = Math.max(1, ...bySeverity.map(row => row.count));
  return (
    <InfoCard title="Open bugs" subheader="Right now, by severity">
      <Typography variant="h3" component="div" data-testid="open-bugs-total">
        {total}
      </Typography>
      <Typography variant="body2" color="textSecondary" paragraph>
        open bug{total === 1 ? '' : 's'} in total
      </Typography>
      <Box role="list" aria-label="Open bugs by severity">
        {bySeverity.map(row => (
          <div
            role="listitem"
            key={row.severity}
            className={classes.row}
            aria-label={`${SEVERITY_LABELS[row.severity]}: ${row.count} open`}
          >
            <Typography variant="body2">
              {SEVERITY_LABELS[row.severity]}
            </Typography>
            <div className={classes.track}>
              <div
                style={{
                  width: `${(row.count / largest) * 100}%`,
                  height: '100%',
                  background: SEVERITY_COLORS[row.severity],
                }}
              />
            </div>
            <Typography
              variant="body2"
              align="right"
              data-testid={`open-bugs-${row.severity}`}
            >
              {row.count}
            </Typography>
          </div>
        ))}
      </Box>
    </InfoCard>
  );
}
