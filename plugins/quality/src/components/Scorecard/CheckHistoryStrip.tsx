import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  SCORECARD_CHECK_HISTORY_DAYS,
  SCORECARD_CHECK_STATUSES,
  ScorecardCheckChange,
  ScorecardCheckStatus,
} from '@quality-pulse/plugin-quality-common';
import { DateTime } from 'luxon';
import { STATUS_LABEL } from './checkStatus';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A stretch of the window with one status; `null` before the first evaluation. */
export interface CheckSegment {
  status: ScorecardCheckStatus | null;
  from: number;
  to: number;
}

/**
 * The stretches of one check's status over the `days` before `end`, oldest
 * first, from the scorecard's check changes (oldest first).
 */
export function checkSegments(
  changes: ScorecardCheckChange[],
  checkId: string,
  current: ScorecardCheckStatus,
  end: number,
  days = SCORECARD_CHECK_HISTORY_DAYS,
): CheckSegment[] {
  const start = end - days * DAY_MS;
  const own = changes
    .filter(change => change.checkId === checkId)
    .map(change => ({ ...change, at: Date.parse(change.changedAt) }))
    .filter(change => change.at > start && change.at <= end);
  if (own.length === 0) return [{ status: current, from: start, to: end }];
  const segments: CheckSegment[] = [
    { status: knownStatus(own[0].fromStatus), from: start, to: own[0].at },
  ];
  own.forEach((change, i) =>
    segments.push({
      status: change.toStatus,
      from: change.at,
      to: i + 1 < own.length ? own[i + 1].at : end,
    }),
  );
  // The status now is known even when it changed at the very evaluation the
  // strip ends with: the last segment stays, however short.
  return segments.filter(
    (segment, i) => segment.to > segment.from || i === segments.length - 1,
  );
}

/** The contract gives the status before a change as text (null at first). */
function knownStatus(status: string | null): ScorecardCheckStatus | null {
  return SCORECARD_CHECK_STATUSES.find(known => known === status) ?? null;
}

const day = (millis: number) => DateTime.fromMillis(millis).toFormat('d LLL');

/** The strip in words: what the colours say, for everyone. */
export function describeSegments(segments: CheckSegment[]): string {
  const known = segments.filter(segment => segment.status !== null);
  if (known.length === 1 && known[0] === segments[0]) {
    return `${
      STATUS_LABEL[known[0].status!]
    } throughout the last ${SCORECARD_CHECK_HISTORY_DAYS} days`;
  }
  return known
    .map(
      segment => `${STATUS_LABEL[segment.status!]} from ${day(segment.from)}`,
    )
    .join(', ');
}

const useStyles = makeStyles(theme => ({
  strip: {
    display: 'flex',
    height: 6,
    width: '100%',
    maxWidth: 320,
    borderRadius: 3,
    overflow: 'hidden',
    marginTop: theme.spacing(0.5),
  },
  pass: { background: theme.palette.success.main },
  warn: { background: theme.palette.warning.main },
  fail: { background: theme.palette.error.main },
  unknown: { background: theme.palette.text.disabled },
  // Hatched, so "no history yet" never reads as the grey of "cannot tell".
  none: {
    background: `repeating-linear-gradient(135deg, ${theme.palette.divider} 0 2px, transparent 2px 5px)`,
  },
}));

/** Every status stays visible: at least 3 % of the strip (a status of one hour would not show). */
const MIN_SHARE = 0.03;

/** The share of the strip each segment takes, in proportion to its time. */
export function segmentWidths(segments: CheckSegment[]): number[] {
  const total = segments.reduce((sum, s) => sum + (s.to - s.from), 0);
  const shares = segments.map(s =>
    Math.max((s.to - s.from) / total, s.status === null ? 0 : MIN_SHARE),
  );
  const sum = shares.reduce((a, b) => a + b, 0);
  return shares.map(share => share / sum);
}

/** A check's last 90 days as a strip of its statuses, with the same in words. */
export function CheckHistoryStrip(props: {
  checkId: string;
  changes: ScorecardCheckChange[];
  status: ScorecardCheckStatus;
  /** When the scorecard was evaluated: the strip ends there. */
  end: string;
}) {
  const classes = useStyles();
  const segments = checkSegments(
    props.changes,
    props.checkId,
    props.status,
    Date.parse(props.end),
  );
  const widths = segmentWidths(segments);
  const words = describeSegments(segments);
  return (
    <Box data-testid={`check-history-${props.checkId}`}>
      <div className={classes.strip} role="img" aria-label={words}>
        {segments.map((segment, i) => (
          <div
            key={segment.from}
            className={classes[segment.status ?? 'none']}
            data-status={segment.status ?? 'none'}
            title={`${
              segment.status ? STATUS_LABEL[segment.status] : 'Not evaluated'
            }: ${day(segment.from)} – ${day(segment.to)}`}
            style={{ width: `${widths[i] * 100}%` }}
          />
        ))}
      </div>
      <Typography variant="caption" color="textSecondary">
        {words}
      </Typography>
    </Box>
  );
}
