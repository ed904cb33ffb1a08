import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { QualityScorecard } from '@quality-pulse/plugin-quality-common';
import { DateTime } from 'luxon';
import { CheckHistoryStrip } from './CheckHistoryStrip';
import { CheckStatusIcon, STATUS_LABEL } from './checkStatus';
import { levelTitle, ScorecardScope, useScorecard } from './useScorecard';
import { Loaded } from '../LoadError';

function formatDate(iso: string) {
  return DateTime.fromISO(iso).toLocaleString(DateTime.DATE_MED);
}

/** "Silver since 12 Nov 2026" and how many checks stand between it and the next level. */
export function LevelHeadline(props: { card: QualityScorecard }) {
  const { card } = props;
  const next = card.levels.find(level => !level.reached);
  const missing =
    next?.checks.filter(c => c.status === 'fail' || c.status === 'unknown')
      .length ?? 0;
  return (
    <Box>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <Chip
          data-testid="scorecard-level"
          color={card.level ? 'primary' : 'default'}
          label={levelTitle(card, card.level)}
        />
        {card.levelSince && (
          <Typography variant="body2" color="textSecondary">
            since {formatDate(card.levelSince)}
          </Typography>
        )}
      </Box>
      {next && missing > 0 && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="scorecard-next"
        >
          {next.title} needs {missing} more {missing === 1 ? 'check' : 'checks'}{' '}
          to pass
        </Typography>
      )}
    </Box>
  );
}

function levelState(card: QualityScorecard, index: number): string {
  const level = card.levels[index];
  if (level.reached) return 'reached';
  const ownBlocked = level.checks.some(
    c => c.status === 'fail' || c.status === 'unknown',
  );
  const below = card.levels.slice(0, index).find(l => !l.reached);
  // Its own checks pass, but levels are climbed in order.
  return !ownBlocked && below
    ? `its checks pass; needs ${below.title} first`
    : 'not reached';
}

function LevelColumn(props: { card: QualityScorecard; index: number }) {
  const level = props.card.levels[props.index];
  return (
    <Box data-testid={`scorecard-level-${level.id}`}>
      <Typography variant="subtitle2" gutterBottom>
        {level.title} · {levelState(props.card, props.index)}
      </Typography>
      {level.checks.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No check of this level applies.
        </Typography>
      )}
      {level.checks.map(check => (
        <Box
          key={check.checkId}
          display="flex"
          py={0.75}
          style={{ gap: 8 }}
          data-testid={`check-${check.checkId}`}
        >
          <Box pt={0.25}>
            <CheckStatusIcon status={check.status} />
          </Box>
          <Box flexGrow={1}>
            <Typography variant="body2">
              {check.title}
              <Typography
                component="span"
                variant="caption"
                color="textSecondary"
              >
                {' '}
                · {STATUS_LABEL[check.status]}
              </Typography>
            </Typography>
            <Typography
              variant="caption"
              color="textSecondary"
              component="p"
              data-testid="check-reason"
            >
              {check.reason}
            </Typography>
            {props.card.evaluatedAt && !props.card.visibleOnly && (
              <CheckHistoryStrip
                checkId={check.checkId}
                changes={props.card.checkChanges}
                status={check.status}
                end={props.card.evaluatedAt}
              />
            )}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

/** The last level changes, newest first: when the level moved, and what held it back. */
function LevelHistory(props: { card: QualityScorecard }) {
  const { card } = props;
  if (card.history.length === 0) return null;
  return (
    <Box mt={2} data-testid="scorecard-history">
      <Typography variant="subtitle2" gutterBottom>
        Level history
      </Typography>
      {card.history.slice(0, 5).map(change => (
        <Typography
          key={`${change.changedAt}-${change.toLevel}`}
          variant="body2"
          color="textSecondary"
        >
          {formatDate(change.changedAt)}:{' '}
          {change.fromLevel === null && change.toLevel !== null
            ? `reached ${levelTitle(card, change.toLevel)}`
            : `${levelTitle(card, change.fromLevel)} → ${levelTitle(
                card,
                change.toLevel,
              )}`}
        </Typography>
      ))}
    </Box>
  );
}

/** An evaluated scorecard: its level, its checks by level and the level's history. */
function ScorecardBody({ card }: { card: QualityScorecard }) {
  return (
    <Box>
      <LevelHeadline card={card} />
      {card.visibleOnly && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="scorecard-visible-only"
        >
          Computed from the services you can see in the catalog; the full
          scorecard and its history cover some you cannot.
        </Typography>
      )}
      <Box mt={2}>
        <Grid container spacing={3}>
          {card.levels.map((level, index) => (
            <Grid item xs={12} md={4} key={level.id}>
              <LevelColumn card={card} index={index} />
            </Grid>
          ))}
        </Grid>
      </Box>
      <LevelHistory card={card} />
    </Box>
  );
}

/**
 * The scorecard of a service or a squad for its Quality tab: the level, every
 * check by level with its result and the reason, and the level's history.
 * Loads on its own so the rest of the tab never waits for it.
 */
export function ScorecardCard(props: { scope: ScorecardScope }) {
  const state = useScorecard(props.scope);
  const card = state.value;
  const content = (
    <Loaded state={state} title="Could not load the scorecard">
      {loaded =>
        loaded.evaluatedAt ? (
          <ScorecardBody card={loaded} />
        ) : (
          <Typography variant="body2" color="textSecondary">
            Not evaluated yet: scorecards are evaluated every 30 minutes.
          </Typography>
        )
      }
    </Loaded>
  );
  return (
    <InfoCard
      title="Scorecard"
      subheader={
        card?.evaluatedAt
          ? `Checks from app-config · evaluated ${DateTime.fromISO(
              card.evaluatedAt,
            ).toRelative()}`
          : undefined
      }
    >
      {content}
    </InfoCard>
  );
}
