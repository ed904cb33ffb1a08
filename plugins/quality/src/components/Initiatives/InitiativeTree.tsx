import { Link } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  InitiativeNode,
  QualityInitiative,
} from '@quality-pulse/plugin-quality-common';
import { formatFigure, formatValue } from './initiativeFormat';
import { InitiativeStateChip } from './InitiativeStateChip';

function rowsOf(
  node: InitiativeNode,
  depth = 0,
): Array<[InitiativeNode, number]> {
  return [[node, depth], ...node.children.flatMap(c => rowsOf(c, depth + 1))];
}

const groupPath = (groupRef: string) => {
  const { namespace, name } = parseEntityRef(groupRef);
  return `/catalog/${namespace}/group/${name}/quality`;
};

/**
 * Every group of an initiative's scope, in catalog order (the org's tree,
 * never a ranking), with its baseline, value now, where the trajectory
 * stands and its state.
 */
export function InitiativeTree(props: { initiative: QualityInitiative }) {
  const { initiative } = props;
  const { unit } = initiative;
  return (
    <Table size="small" aria-label={`${initiative.title}: every group`}>
      <TableHead>
        <TableRow>
          <TableCell>Group</TableCell>
          <TableCell>Baseline</TableCell>
          <TableCell>Now</TableCell>
          <TableCell>Trajectory today</TableCell>
          <TableCell>Target</TableCell>
          <TableCell>State</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rowsOf(initiative.scope).map(([node, depth]) => (
          <TableRow
            key={node.groupRef}
            data-testid={`initiative-row-${node.groupRef}`}
          >
            <TableCell style={{ paddingLeft: 16 + depth * 20 }}>
              <Link to={groupPath(node.groupRef)}>{node.title}</Link>
            </TableCell>
            <TableCell>{formatFigure(unit, node.progress.baseline)}</TableCell>
            <TableCell>{formatFigure(unit, node.progress.current)}</TableCell>
            <TableCell>{formatValue(unit, node.progress.expected)}</TableCell>
            <TableCell>{formatValue(unit, node.progress.target)}</TableCell>
            <TableCell>
              <InitiativeStateChip state={node.progress.state} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
