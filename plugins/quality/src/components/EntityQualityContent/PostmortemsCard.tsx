import { InfoCard, LinkButton } from '@backstage/core-components';
import { CompoundEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { PostmortemListing } from '@quality-pulse/plugin-quality-common';
import { useState } from 'react';
import { ExternalLink } from '../ExternalLink';
import { ActionList } from '../Learning/ActionList';
import { LinkPostmortemDialog } from '../Learning/LinkPostmortemDialog';
import { formatDay, SECTION_TITLES } from '../Learning/sections';
import { useRootCauseTemplate } from '../Learning/useRootCauseTemplate';

function Completeness(props: { postmortem: PostmortemListing }) {
  const { complete, assessment, notAssessedReason } = props.postmortem;
  if (complete === null) {
    return (
      <>
        <Chip size="small" variant="outlined" label="Not assessed" />
        {notAssessedReason && (
          <Typography variant="caption" color="textSecondary" component="div">
            {notAssessedReason}
          </Typography>
        )}
      </>
    );
  }
  if (complete) {
    return <Chip size="small" color="primary" label="Complete" />;
  }
  const missing = assessment?.missingSections ?? [];
  const label =
    missing.length > 0
      ? `Missing: ${missing.map(s => SECTION_TITLES[s]).join('; ')}`
      : 'No concrete action with owner and due date';
  return (
    <Tooltip title={label}>
      <Chip
        size="small"
        variant="outlined"
        color="secondary"
        label={
          missing.length > 0
            ? `${missing.length} section${
                missing.length > 1 ? 's' : ''
              } missing`
            : 'No concrete action'
        }
      />
    </Tooltip>
  );
}

/** Notes for the facilitator, worded as an invitation rather than a verdict. */
function FacilitatorNotes(props: { postmortem: PostmortemListing }) {
  const assessment = props.postmortem.assessment;
  if (!assessment) return null;
  const notes: string[] = [];
  if (assessment.blameFlags.length > 0) {
    const lines = assessment.blameFlags.map(f => f.line);
    notes.push(
      `${lines.length === 1 ? 'Line' : 'Lines'} ${lines.join(
        ', ',
      )} may read as pointing at people ("${
        assessment.blameFlags[0].phrase
      }"); consider describing what the system allowed.`,
    );
  }
  if (assessment.vagueActions > 0) {
    notes.push(
      `${assessment.vagueActions} action${
        assessment.vagueActions > 1 ? 's say' : ' says'
      } what to be rather than what to change; a test, check or process change sticks better.`,
    );
  }
  return notes.length === 0 ? null : (
    <Typography variant="caption" color="textSecondary" component="div">
      {notes.join(' ')}
    </Typography>
  );
}

function Subjects(props: { postmortem: PostmortemListing }) {
  const { subjects } = props.postmortem;
  if (subjects.length === 0) return <>—</>;
  return (
    <>
      {subjects.map((subject, i) => (
        <span key={`${subject.kind}/${subject.source}/${subject.externalId}`}>
          {i > 0 && ', '}
          <ExternalLink url={subject.url}>
            {subject.title ?? subject.externalId}
          </ExternalLink>
        </span>
      ))}
    </>
  );
}

/** What to register so that the card can open a root-cause document. */
function TemplateMissing() {
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      paragraph
      data-testid="quality-template-missing"
    >
      To write root-cause documents from here, register the template{' '}
      <code>templates/root-cause-document/template.yaml</code> shipped in{' '}
      <code>@quality-pulse/plugin-quality-backend</code> as a catalog location
      (see{' '}
      <ExternalLink url="https://github.com/quality-pulse/quality-pulse#post-mortems-and-the-learning-loop">
        the root-cause document template
      </ExternalLink>
      ).
    </Typography>
  );
}

function dayOrDraft(iso: string | null): string {
  return iso ? formatDay(iso) : 'Draft';
}

/**
 * The root-cause documents linked to this service's incidents and escaped
 * bugs, with completeness, open actions and the four-week review. No author
 * column: a post-mortem is the team's learning, not a person's report card.
 */
export function PostmortemsCard(props: {
  postmortems: PostmortemListing[];
  entity: CompoundEntityRef;
  onChange: () => void;
}) {
  const { postmortems } = props;
  const [linking, setLinking] = useState(false);
  const template = useRootCauseTemplate(props.entity);
  return (
    <InfoCard
      title="Post-mortems"
      subheader="Published in the window, and drafts; newest first"
      action={
        <Box pt={2} pr={1} display="flex" style={{ gap: 8 }}>
          {template.state === 'registered' && (
            <LinkButton
              size="small"
              variant="outlined"
              color="primary"
              to={template.link}
            >
              Write a root-cause document
            </LinkButton>
          )}
          <Button
            size="small"
            variant="outlined"
            onClick={() => setLinking(true)}
          >
            Link a post-mortem
          </Button>
        </Box>
      }
    >
      <div data-testid="quality-postmortems">
        {template.state === 'missing' && <TemplateMissing />}
        {postmortems.length === 0 ? (
          <Typography color="textSecondary">
            No post-mortem in this window. Escaped bugs and P0/P1 incidents each
            deserve a one-page, no-blame root-cause note.
          </Typography>
        ) : (
          <Table size="small" aria-label="Post-mortems">
            <TableHead>
              <TableRow>
                <TableCell>Title</TableCell>
                {/* Short words: broken mid-word they read as "Publis hed". */}
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  Published
                </TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>Severity</TableCell>
                <TableCell>Completeness</TableCell>
                <TableCell>Actions</TableCell>
                <TableCell>Four-week review</TableCell>
                <TableCell>Documents</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {postmortems.map(pm => (
                <TableRow key={`${pm.source}/${pm.externalId}`}>
                  <TableCell>
                    <ExternalLink url={pm.url}>{pm.title}</ExternalLink>
                    <FacilitatorNotes postmortem={pm} />
                  </TableCell>
                  <TableCell>{dayOrDraft(pm.publishedAt)}</TableCell>
                  <TableCell>{pm.severity ?? '—'}</TableCell>
                  <TableCell>
                    <Completeness postmortem={pm} />
                  </TableCell>
                  <TableCell style={{ minWidth: 260 }}>
                    <ActionList
                      actions={pm.actions}
                      onChange={props.onChange}
                    />
                  </TableCell>
                  <TableCell>
                    {pm.review
                      ? `Reviewed: ${pm.review.outcome.replace(/-/g, ' ')}`
                      : pm.followUpDueAt &&
                        `Due ${formatDay(pm.followUpDueAt)}`}
                  </TableCell>
                  <TableCell>
                    <Subjects postmortem={pm} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </div>
      <LinkPostmortemDialog
        open={linking}
        entity={props.entity}
        onClose={linked => {
          setLinking(false);
          if (linked) props.onChange();
        }}
      />
    </InfoCard>
  );
}
