import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  MttrStats,
  MttrWeek,
  Severity,
  SEVERITY_LABELS,
} from '@quality-pulse/plugin-quality-common';
import { LazyMttrTrendChart } from '../LazyCharts';
import { ItemsLink } from '../QualityItems';
import { formatDuration } from '../formatDuration';
import { QualityFigures } from '../qualityFigures';

/** "4 incidents", opening the incidents it counts. */
function IncidentCount(props: { count: number; severities?: Severity[] }) {
  const { count, severities } = props;
  const noun = `incident${count === 1 ? '' : 's'}`;
  if (count === 0) {
    return <>0 incidents</>;
  }
  return (
    <>
      <ItemsLink
        title={`Resolved incidents${
          severities ? `, ${severities.join(' and ')}` : ''
        }`}
        request={{ list: 'resolved-incidents', severities }}
      >
        {count}
      </ItemsLink>{' '}
      {noun}
    </>
  );
}

function MttrHeadline(props: {
  label: string;
  stats: MttrStats;
  testId: string;
  severities?: Severity[];
}) {
  const { label, stats, testId, severities } = props;
  return (
    <Box>
      <Typography variant="overline" component="div">
        {label}
      </Typography>
      <Typography variant="h3" component="div" data-testid={testId}>
        {formatDuration(stats.medianMs)}
      </Typography>
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid={`${testId}-detail`}
      >
        p90 {formatDuration(stats.p90Ms)} ·{' '}
        <IncidentCount count={stats.count} severities={severities} />
      </Typography>
    </Box>
  );
}

/**
 * MTTR headline (P0+P1, as PRODUCT.md asks) with its count, then every
 * severity, so a small number of incidents is never read as a trend.
 */
export function MttrCard(props: {
  summary: QualityFigures;
  /** The weekly trend; the chart is left out without it. */
  weeks?: MttrWeek[];
}) {
  const { summary, weeks } = props;
  const { critical, overall, bySeverity } = summary.mttr;
  const rows = bySeverity.filter(row => row.count > 0);
  return (
    <InfoCard
      title="Time to restore (MTTR)"
      subheader={`Incidents resolved in the last ${summary.window.days} days`}
    >
      <Box display="flex" style={{ gap: 32 }} mb={2} flexWrap="wrap">
        <MttrHeadline
          label="Median · P0 and P1"
          stats={critical}
          testId="mttr-critical-median"
          severities={['P0', 'P1']}
        />
        <MttrHeadline
          label="Median · all severities"
          stats={overall}
          testId="mttr-overall-median"
        />
      </Box>
      {weeks && weeks.length > 0 && (
        <Box mb={2}>
          <LazyMttrTrendChart weeks={weeks} />
        </Box>
      )}
      {rows.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No incident was resolved in this window.
        </Typography>
      ) : (
        <Table size="small" aria-label="Time to restore by severity">
          <TableHead>
            <TableRow>
              <TableCell>Severity</TableCell>
              <TableCell align="right">Median</TableCell>
              <TableCell align="right">p90</TableCell>
              <TableCell align="right">Incidents</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(row => (
              <TableRow key={row.severity}>
                <TableCell>{SEVERITY_LABELS[row.severity]}</TableCell>
                <TableCell align="right">
                  {formatDuration(row.medianMs)}
                </TableCell>
                <TableCell align="right">{formatDuration(row.p90Ms)}</TableCell>
                <TableCell align="right">
                  <ItemsLink
                    title={`Resolved incidents, ${
                      SEVERITY_LABELS[row.severity]
                    }`}
                    request={{
                      list: 'resolved-incidents',
                      severities: [row.severity],
                    }}
                  >
                    {row.count}
                  </ItemsLink>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
