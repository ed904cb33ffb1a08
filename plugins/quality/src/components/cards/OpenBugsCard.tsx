import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { SEVERITY_LABELS } from '@quality-pulse/plugin-quality-common';
import { QualityFigures } from '../qualityFigures';
import { ItemsLink } from '../QualityItems';
import { SEVERITY_COLOURS } from '../charts/severityColours';

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

/** Open bugs right now, per severity, as labelled bars with the exact count beside each. */
export function OpenBugsCard({ summary }: { summary: QualityFigures }) {
  const classes = useStyles();
  const { total, bySeverity } = summary.openBugs;
  const largest = Math.max(1, ...bySeverity.map(row => row.count));
  return (
    <InfoCard title="Open bugs" subheader="Right now, by severity">
      <Typography variant="h3" component="div" data-testid="open-bugs-total">
        {total > 0 ? (
          <ItemsLink title="Open bugs" request={{ list: 'open-bugs' }}>
            {total}
          </ItemsLink>
        ) : (
          total
        )}
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
                  background: SEVERITY_COLOURS[row.severity],
                }}
              />
            </div>
            <Typography
              variant="body2"
              align="right"
              data-testid={`open-bugs-${row.severity}`}
            >
              {row.count > 0 ? (
                <ItemsLink
                  title={`Open bugs, ${SEVERITY_LABELS[row.severity]}`}
                  request={{ list: 'open-bugs', severities: [row.severity] }}
                >
                  {row.count}
                </ItemsLink>
              ) : (
                row.count
              )}
            </Typography>
          </div>
        ))}
      </Box>
    </InfoCard>
  );
}
