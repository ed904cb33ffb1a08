import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  identityApiRef,
  useApi,
  useRouteRef,
} from '@backstage/core-plugin-api';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { QualityBudget } from '@quality-pulse/plugin-quality-common';
import useAsync from 'react-use/esm/useAsync';
import { qualityApiRef } from '../../api';
import { formatDuration } from '../formatDuration';
import { formatRatio } from '../formatRatio';
import { mySquadRefs } from './mySquads';

const BUDGET_TEXT: Record<QualityBudget['state'], string> = {
  within: 'Within',
  'at-risk': 'At risk',
  breached: 'Breached · bug-fix sprint',
};

/**
 * "My squads' quality", the content of a home-page card: each squad the
 * signed-in user belongs to, with its budget state and headline figures.
 * Squads, never people: nobody's own bug count is on anyone's home page.
 */
export function MySquadsQuality() {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  const qualityApi = useApi(qualityApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const { value, loading, error } = useAsync(async () => {
    const squads = await mySquadRefs(identityApi, catalogApi);
    return Promise.all(
      squads.map(async ref => ({
        ref,
        summary: await qualityApi.getSquadSummary(ref).catch(() => undefined),
      })),
    );
  }, [identityApi, catalogApi, qualityApi]);

  let content: JSX.Element;
  if (error) {
    content = (
      <ResponseErrorPanel error={error} title="Could not load your squads" />
    );
  } else if (loading || !value) {
    content = <Progress />;
  } else if (value.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        You are not a member of any group in the catalog yet, so there is no
        squad quality to show. Memberships come from spec.memberOf of your user
        entity.
      </Typography>
    );
  } else {
    content = (
      <Table size="small" aria-label="My squads' quality">
        <TableHead>
          <TableRow>
            <TableCell>Squad</TableCell>
            <TableCell>Budget</TableCell>
            <TableCell align="right">Open bugs</TableCell>
            <TableCell>Escaped</TableCell>
            <TableCell align="right">MTTR P0/P1</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {value.map(({ ref, summary }) => {
            const link = `${entityRoute({
              kind: 'group',
              namespace: ref.namespace,
              name: ref.name,
            })}/quality`;
            return (
              <TableRow key={`${ref.namespace}/${ref.name}`}>
                <TableCell>
                  <Link to={link}>{summary?.title ?? ref.name}</Link>
                </TableCell>
                {summary ? (
                  <>
                    <TableCell>
                      {summary.budget ? BUDGET_TEXT[summary.budget.state] : '—'}
                    </TableCell>
                    <TableCell align="right">
                      {summary.openBugs.total}
                    </TableCell>
                    <TableCell>
                      {formatRatio(summary.escapedDefectRate, 'new bugs')}
                    </TableCell>
                    <TableCell align="right">
                      {formatDuration(summary.mttr.critical.medianMs)}
                    </TableCell>
                  </>
                ) : (
                  <TableCell colSpan={4}>
                    <Typography variant="body2" color="error">
                      Could not load this squad
                    </Typography>
                  </TableCell>
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    );
  }
  return content;
}
