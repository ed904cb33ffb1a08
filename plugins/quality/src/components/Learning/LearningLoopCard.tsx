import { CompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ExternalLink } from '../ExternalLink';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  BugBash,
  FOLLOW_UP_OUTCOMES,
  FollowUpOutcome,
  SquadLearning,
} from '@quality-pulse/plugin-quality-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { qualityApiRef } from '../../api';
import { DueDate } from './ActionList';
import { formatDay as day, OUTCOME_LABELS } from './sections';
import { Loaded } from '../LoadError';

function Champion(props: { learning: SquadLearning }) {
  const { champion } = props.learning;
  return (
    <InfoCard title="Quality champion" noPadding={false}>
      <div data-testid="quality-champion">
        {champion ? (
          <>
            <Typography variant="h6" component="p">
              <EntityRefLink entityRef={champion.current} />
            </Typography>
            <Typography variant="body2" color="textSecondary">
              Since {day(champion.termStartedOn)} · {champion.termWeeks}-week
              term
            </Typography>
            <Typography variant="body2">
              Next rotation {day(champion.nextRotationOn)}:{' '}
              <EntityRefLink entityRef={champion.next} />
            </Typography>
          </>
        ) : (
          <Typography variant="body2" color="textSecondary">
            No rotation set. Add quality.backstage.io/champion-rotation to the
            group, or quality.champions in app-config.
          </Typography>
        )}
      </div>
    </InfoCard>
  );
}

function FollowUps(props: { learning: SquadLearning; onChange: () => void }) {
  const api = useApi(qualityApiRef);
  const { followUpsDue, overdueActions } = props.learning;
  return (
    <InfoCard
      title="Four-week follow-ups"
      subheader="Did the changes close the loop? Reviews due within a week, and actions past their date"
    >
      <div data-testid="quality-follow-ups">
        {followUpsDue.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No follow-up review due.
          </Typography>
        ) : (
          <Table size="small" aria-label="Follow-up reviews due">
            <TableHead>
              <TableRow>
                <TableCell>Post-mortem</TableCell>
                <TableCell>Service</TableCell>
                <TableCell>Review due</TableCell>
                <TableCell>Open actions</TableCell>
                <TableCell>Outcome</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {followUpsDue.map(due => (
                <TableRow key={due.postmortemId}>
                  <TableCell>
                    <ExternalLink url={due.url}>{due.title}</ExternalLink>
                  </TableCell>
                  <TableCell>
                    <EntityRefLink
                      entityRef={due.entityRef}
                      defaultKind="component"
                    />
                  </TableCell>
                  <TableCell>
                    <Typography
                      variant="body2"
                      color={due.overdue ? 'error' : 'inherit'}
                    >
                      {day(due.dueAt)}
                      {due.overdue && ' (overdue)'}
                    </Typography>
                  </TableCell>
                  <TableCell>{due.openActions}</TableCell>
                  <TableCell>
                    <Select
                      value=""
                      displayEmpty
                      SelectDisplayProps={
                        {
                          'aria-label': `Record the review of ${due.title}`,
                        } as React.HTMLAttributes<HTMLDivElement>
                      }
                      onChange={async event => {
                        await api.recordFollowUpReview(due.postmortemId, {
                          outcome: event.target.value as FollowUpOutcome,
                        });
                        props.onChange();
                      }}
                    >
                      <MenuItem value="" disabled>
                        Record…
                      </MenuItem>
                      {FOLLOW_UP_OUTCOMES.map(outcome => (
                        <MenuItem key={outcome} value={outcome}>
                          {OUTCOME_LABELS[outcome]}
                        </MenuItem>
                      ))}
                    </Select>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <Box mt={2}>
          <Typography variant="subtitle2">Overdue actions</Typography>
          {overdueActions.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              None: every action is done, dropped or still in time.
            </Typography>
          ) : (
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {overdueActions.map(action => (
                <li key={action.id}>
                  <Typography variant="body2">
                    {action.text}{' '}
                    <Typography variant="caption" color="textSecondary">
                      (
                      {action.owner ? (
                        <EntityRefLink entityRef={action.owner} />
                      ) : (
                        'no owner'
                      )}
                      , <DueDate action={action} />, from{' '}
                      <ExternalLink url={action.postmortemUrl}>
                        {action.postmortemTitle}
                      </ExternalLink>
                      )
                    </Typography>
                  </Typography>
                </li>
              ))}
            </ul>
          )}
        </Box>
      </div>
    </InfoCard>
  );
}

function BugBashes(props: { bashes: BugBash[] }) {
  return (
    <InfoCard
      title="Bug-bashes"
      subheader="Every find is a good find: bugs found, root-cause notes by the end of the bash, and the four-week review"
    >
      <div data-testid="quality-bug-bashes">
        {props.bashes.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No bug-bash planned. A bash is a date range plus the label its bugs
            carry (POST /api/quality/v1/groups/…/bug-bashes).
          </Typography>
        ) : (
          <Table size="small" aria-label="Bug-bashes">
            <TableHead>
              <TableRow>
                <TableCell>Bash</TableCell>
                <TableCell>When</TableCell>
                <TableCell align="right">Found</TableCell>
                <TableCell align="right">
                  Root-cause note by end of day
                </TableCell>
                <TableCell align="right">Fixed</TableCell>
                <TableCell align="right">Still open</TableCell>
                <TableCell>Four-week review</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {props.bashes.map(bash => (
                <TableRow key={bash.id}>
                  <TableCell>
                    {bash.title}
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="div"
                    >
                      label {bash.label}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    {bash.start === bash.end
                      ? day(bash.start)
                      : `${day(bash.start)} – ${day(bash.end)}`}
                  </TableCell>
                  <TableCell align="right">{bash.found}</TableCell>
                  <TableCell align="right">
                    {bash.withRootCauseNote} of {bash.found}
                  </TableCell>
                  <TableCell align="right">{bash.fixed}</TableCell>
                  <TableCell align="right">{bash.stillOpen}</TableCell>
                  <TableCell>
                    {bash.review
                      ? OUTCOME_LABELS[bash.review.outcome]
                      : `Due ${day(bash.reviewDueOn)}`}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </div>
    </InfoCard>
  );
}

/** The squad tab's rituals: champion, follow-up reviews and bug-bashes. */
export function LearningLoopCard(props: {
  group: Omit<CompoundEntityRef, 'kind'>;
}) {
  const api = useApi(qualityApiRef);
  const state = useAsyncRetry(
    () => api.getSquadLearning(props.group),
    [api, props.group.namespace, props.group.name],
  );
  return (
    <Loaded
      // Kept on screen while a change reloads it: an action's row does not blink.
      state={{ ...state, loading: state.loading && !state.value }}
      title="Could not load the learning loop"
    >
      {value => (
        <Grid container spacing={3}>
          <Grid item xs={12} md={4}>
            <Champion learning={value} />
          </Grid>
          <Grid item xs={12} md={8}>
            <FollowUps learning={value} onChange={state.retry} />
          </Grid>
          <Grid item xs={12}>
            <BugBashes bashes={value.bugBashes} />
          </Grid>
        </Grid>
      )}
    </Loaded>
  );
}
