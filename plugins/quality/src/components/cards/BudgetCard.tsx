import { InfoCard } from '@backstage/core-components';
import { ExternalLink } from '../ExternalLink';
import { parseEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import {
  BudgetConsumer,
  QualityBudget,
  SEVERITY_LABELS,
} from '@quality-pulse/plugin-quality-common';

const STATE_TEXT: Record<QualityBudget['state'], string> = {
  within: 'Within budget',
  'at-risk':
    'At risk: 80 % or more of a ceiling is used, or P0/P1 bugs are close to the age limit',
  breached: 'Breached',
};

/** How much of a ceiling is used, as a bar with the exact figures beside it. */
function Gauge(props: {
  label: string;
  used: number;
  ceiling: number;
  testId: string;
}) {
  const { label, used, ceiling, testId } = props;
  // A ceiling of zero is full with the first bug.
  const percent =
    ceiling === 0
      ? Math.min(100, used * 100)
      : Math.min(100, (used / ceiling) * 100);
  return (
    <Box mb={2}>
      <Typography variant="body2" data-testid={testId}>
        {label}: {used} of {ceiling} allowed
      </Typography>
      <LinearProgress
        variant="determinate"
        value={percent}
        color={used > ceiling ? 'secondary' : 'primary'}
        aria-label={`${label}: ${used} of ${ceiling} allowed`}
      />
    </Box>
  );
}

/**
 * The squad's quality budget, like an SRE error budget: each open bug
 * consumes it, each fix restores it. Breached means the next sprint is a
 * bug-fix sprint; there is no override button, ceilings change in config.
 */
export function BudgetCard(props: {
  budget: QualityBudget;
  consumers: BudgetConsumer[];
  /** On a service page: the squad whose budget it is, linking to its Quality tab. */
  squad?: { title: string; link: string };
}) {
  const { budget, consumers, squad } = props;
  return (
    <InfoCard
      title={squad ? `Quality budget of ${squad.title}` : 'Quality budget'}
      subheader={STATE_TEXT[budget.state]}
      deepLink={
        squad
          ? { title: `${squad.title}'s quality`, link: squad.link }
          : undefined
      }
    >
      {budget.state === 'breached' && (
        <Box mb={2}>
          <Alert severity="error" data-testid="budget-breached">
            The next sprint is a bug-fix sprint: a ceiling is exceeded. Every
            fix restores budget.
          </Alert>
        </Box>
      )}
      {budget.state === 'at-risk' && (
        <Box mb={2}>
          <Alert severity="warning" data-testid="budget-at-risk">
            Close to a ceiling: fixing the oldest bugs below keeps the next
            sprint free.
          </Alert>
        </Box>
      )}
      <Gauge
        label="Open P2 bugs"
        used={budget.openP2.used}
        ceiling={budget.openP2.ceiling}
        testId="budget-open-p2"
      />
      <Gauge
        label={`P0/P1 bugs open more than ${budget.ceilings.criticalMaxAgeDays} days`}
        used={budget.agedCritical.used}
        ceiling={budget.agedCritical.ceiling}
        testId="budget-aged-critical"
      />
      {budget.overrides.length > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          This squad's own ceilings (annotations): {budget.overrides.join(', ')}
          .
        </Typography>
      )}
      {consumers.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h3">
            What uses the budget, oldest first
          </Typography>
          <List dense aria-label="Bugs that use the budget">
            {consumers.slice(0, 10).map(bug => (
              <ListItem key={`${bug.source}:${bug.externalId}`} disableGutters>
                <ListItemText
                  primary={
                    <ExternalLink url={bug.url}>{bug.title}</ExternalLink>
                  }
                  secondary={`${SEVERITY_LABELS[bug.severity]} · ${
                    parseEntityRef(bug.entityRef).name
                  } · open ${bug.ageDays} days`}
                />
              </ListItem>
            ))}
          </List>
          {consumers.length > 10 && (
            <Typography variant="caption" color="textSecondary">
              and {consumers.length - 10} more
            </Typography>
          )}
        </>
      )}
    </InfoCard>
  );
}
