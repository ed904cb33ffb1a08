import { Content, Link } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import Select from '@material-ui/core/Select';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { OrgOverviewNode } from '@quality-pulse/plugin-quality-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { qualityApiRef } from '../../api';
import { formatDuration } from '../formatDuration';
import { formatRatio } from '../formatRatio';
import { WindowPicker } from '../WindowPicker';
import { BudgetFilter, flattenTree } from './flattenTree';
import { ALL_SYSTEMS, SystemFilter } from './SystemFilter';
import { Loaded } from '../LoadError';
import { TrendsCard } from '../Trends';
import { InitiativesSection } from '../Initiatives';

const countOf = (node: OrgOverviewNode, severity: string) =>
  node.openBugs.bySeverity.find(s => s.severity === severity)?.count ?? 0;

function BudgetCell({ node }: { node: OrgOverviewNode }) {
  if (node.budget) {
    const label = {
      within: 'Within',
      'at-risk': 'At risk',
      breached: 'Breached',
    }[node.budget.state];
    const color = node.budget.state === 'within' ? 'default' : 'secondary';
    return (
      <Chip
        size="small"
        label={label}
        color={color}
        variant={node.budget.state === 'breached' ? 'default' : 'outlined'}
      />
    );
  }
  const { within, atRisk, breached } = node.squadBudgets;
  return (
    <Typography variant="body2" color="textSecondary">
      {breached} breached · {atRisk} at risk · {within} within
    </Typography>
  );
}

function TrendCell({ node }: { node: OrgOverviewNode }) {
  const change = node.trend.changeOverFourWeeks;
  let arrow = '→';
  if (change > 0) arrow = '↑';
  if (change < 0) arrow = '↓';
  const text =
    change === 0 ? 'no change' : `${change > 0 ? '+' : ''}${change} open`;
  return (
    <Typography
      variant="body2"
      color={node.trend.wrongWay ? 'error' : 'textPrimary'}
      aria-label={`Open bugs over four weeks: ${text}${
        node.trend.wrongWay ? ', going the wrong way' : ''
      }`}
    >
      {arrow} {text}
    </Typography>
  );
}

/**
 * The org-wide quality overview: the group tree in catalog order with each
 * node's budget state, open bugs, escaped defect rate, MTTR and trend. It
 * filters, it never ranks.
 */
export function OrgOverviewPage() {
  const qualityApi = useApi(qualityApiRef);
  const values =
    useApi(configApiRef).getOptionalStringArray('quality.values') ?? [];
  const [windowDays, setWindowDays] = useState(90);
  const [budget, setBudget] = useState<BudgetFilter>('all');
  const [search, setSearch] = useState('');
  const [system, setSystem] = useState(ALL_SYSTEMS);
  const [groupRefs, setGroupRefs] = useState<Set<string>>();
  const state = useAsyncRetry(
    () => qualityApi.getOrgOverview({ windowDays }),
    [qualityApi, windowDays],
  );

  const body = (
    <Loaded state={state} title="Could not load the overview">
      {value => {
        const rows = flattenTree(value.roots, { budget, search, groupRefs });
        return (
          <Paper>
            <Table size="small" aria-label="Quality across the organisation">
              <TableHead>
                <TableRow>
                  <TableCell>Group</TableCell>
                  <TableCell>Budget</TableCell>
                  <TableCell align="right">Open P0/P1</TableCell>
                  <TableCell align="right">Open P2</TableCell>
                  <TableCell align="right">Open bugs</TableCell>
                  <TableCell>Escaped defect rate</TableCell>
                  <TableCell align="right">MTTR P0/P1</TableCell>
                  <TableCell>Four weeks</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map(({ node, depth }) => {
                  const ref = parseEntityRef(node.groupRef);
                  return (
                    <TableRow
                      key={node.groupRef}
                      data-testid={`org-row-${ref.name}`}
                    >
                      <TableCell style={{ paddingLeft: 16 + depth * 24 }}>
                        <Link
                          to={`/catalog/${ref.namespace}/group/${ref.name}/quality`}
                        >
                          {node.title}
                        </Link>
                        <Typography
                          variant="caption"
                          color="textSecondary"
                          component="div"
                        >
                          {node.type} · {node.entityCount} components
                        </Typography>
                        {node.warning && (
                          <Typography
                            variant="caption"
                            color="error"
                            component="div"
                            data-testid="org-row-warning"
                          >
                            {node.warning}
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell>
                        <BudgetCell node={node} />
                      </TableCell>
                      <TableCell align="right">
                        {countOf(node, 'P0') + countOf(node, 'P1')}
                      </TableCell>
                      <TableCell align="right">{countOf(node, 'P2')}</TableCell>
                      <TableCell align="right">{node.openBugs.total}</TableCell>
                      <TableCell>
                        {formatRatio(node.escapedDefectRate, 'new bugs')}
                      </TableCell>
                      <TableCell align="right">
                        {formatDuration(node.mttr.critical.medianMs)}
                      </TableCell>
                      <TableCell>
                        <TrendCell node={node} />
                      </TableCell>
                    </TableRow>
                  );
                })}
                {rows.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={8}>
                      No group matches the filter.
                    </TableCell>
                  </TableRow>
                )}
              </TableBody>
            </Table>
          </Paper>
        );
      }}
    </Loaded>
  );

  return (
    <Content>
      {values.length > 0 && (
        <Box mb={3} data-testid="quality-values">
          <Typography variant="h6" component="h2">
            Our quality values
          </Typography>
          <ul>
            {values.map(text => (
              <li key={text}>
                <Typography variant="body1">{text}</Typography>
              </li>
            ))}
          </ul>
        </Box>
      )}
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        mb={2}
        style={{ gap: 16 }}
      >
        <FormControl variant="outlined" size="small" style={{ minWidth: 160 }}>
          <InputLabel id="quality-budget-filter-label">Budget</InputLabel>
          <Select
            labelId="quality-budget-filter-label"
            name="budget"
            label="Budget"
            value={budget}
            onChange={event => setBudget(event.target.value as BudgetFilter)}
          >
            <MenuItem value="all">All groups</MenuItem>
            <MenuItem value="breached">Breached</MenuItem>
            <MenuItem value="at-risk">At risk</MenuItem>
          </Select>
        </FormControl>
        <SystemFilter
          system={system}
          onSystemChange={setSystem}
          onOwnersChange={setGroupRefs}
        />
        <TextField
          id="quality-group-filter"
          variant="outlined"
          size="small"
          label="Group or owner"
          value={search}
          onChange={event => setSearch(event.target.value)}
        />
        <Box flex={1} />
        <WindowPicker windowDays={windowDays} onChange={setWindowDays} />
      </Box>
      {body}
      <Box mt={3}>
        <InitiativesSection />
      </Box>
      <Box mt={3}>
        <TrendsCard scope={{ kind: 'org' }} />
      </Box>
    </Content>
  );
}
