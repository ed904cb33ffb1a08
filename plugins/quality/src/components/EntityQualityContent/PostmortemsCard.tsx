import { InfoCard, Link } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { PostmortemListing } from '@quality-pulse/plugin-quality-common';
import { DateTime } from 'luxon';

function Completeness(props: { complete: boolean | null }) {
  if (props.complete === null) {
    return <Chip size="small" variant="outlined" label="Not assessed" />;
  }
  return props.complete ? (
    <Chip size="small" color="primary" label="Complete" />
  ) : (
    <Chip
      size="small"
      variant="outlined"
      color="secondary"
      label="Sections or actions missing"
    />
  );
}

/**
 * The root-cause documents linked to this service's incidents and escaped
 * bugs. No author column: a post-mortem is the team's learning, not a
 * person's report card.
 */
export function PostmortemsCard(props: { postmortems: PostmortemListing[] }) {
  const { postmortems } = props;
  return (
    <InfoCard
      title="Post-mortems"
      subheader="Published in the window, and drafts; newest first"
    >
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
              <TableCell>Published</TableCell>
              <TableCell>Severity</TableCell>
              <TableCell>Completeness</TableCell>
              <TableCell>Documents</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {postmortems.map(pm => (
              <TableRow key={`${pm.source}/${pm.externalId}`}>
                <TableCell>
                  <Link to={pm.url} target="_blank" rel="noopener noreferrer">
                    {pm.title}
                  </Link>
                </TableCell>
                <TableCell>
                  {pm.publishedAt
                    ? DateTime.fromISO(pm.publishedAt).toLocaleString(
                        DateTime.DATE_MED,
                      )
                    : 'Draft'}
                </TableCell>
                <TableCell>{pm.severity ?? '—'}</TableCell>
                <TableCell>
                  <Completeness complete={pm.complete} />
                </TableCell>
                <TableCell>
                  {pm.subjects.length === 0
                    ? '—'
                    : pm.subjects.map((subject, i) => (
                        <span
                          key={`${subject.kind}/${subject.source}/${subject.externalId}`}
                        >
                          {i > 0 && ', '}
                          {subject.url ? (
                            <Link
                              to={subject.url}
                              target="_blank"
                              rel="noopener noreferrer"
                            >
                              {subject.title ?? subject.externalId}
                            </Link>
                          ) : (
                            subject.title ?? subject.externalId
                          )}
                        </span>
                      ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
