import { MttrWeek } from '@quality-pulse/plugin-quality-common';
import { DateTime } from 'luxon';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDuration } from '../formatDuration';
import { ChartFigure } from './ChartFigure';
import { SEVERITY_COLOURS } from './severityColours';
import { useChartTheme } from './chartTheme';

const HOUR_MS = 60 * 60 * 1000;
const weekLabel = (week: MttrWeek) =>
  DateTime.fromISO(week.start, { zone: 'utc' }).toFormat('d LLL');
const hours = (ms: number | null) =>
  ms === null ? null : Math.round((ms / HOUR_MS) * 10) / 10;

/**
 * Median time to restore per week. A week without a resolved incident is a
 * gap in the line, not a drop to zero: no incident is not a fast restore.
 */
export function MttrTrendChart(props: { weeks: MttrWeek[] }) {
  const { weeks } = props;
  const { theme, axis, tooltipStyle, legendText } = useChartTheme();
  const data = weeks.map(week => ({
    week: weekLabel(week),
    critical: hours(week.critical.medianMs),
    overall: hours(week.overall.medianMs),
  }));
  const withIncidents = weeks.filter(week => week.overall.count > 0);
  const latest = withIncidents[withIncidents.length - 1];
  const summary = latest
    ? `${withIncidents.length} of ${
        weeks.length
      } weeks had resolved incidents; in the latest, the week of ${weekLabel(
        latest,
      )}, the median was ${formatDuration(
        latest.overall.medianMs,
      )} (P0 and P1: ${formatDuration(latest.critical.medianMs)}).`
    : 'No incident was resolved in this window.';
  return (
    <ChartFigure
      title="Median time to restore per week"
      summary={summary}
      columns={['Week of', 'Median P0 and P1', 'Median all', 'Incidents']}
      rows={weeks.map(week => [
        weekLabel(week),
        formatDuration(week.critical.medianMs),
        formatDuration(week.overall.medianMs),
        week.overall.count,
      ])}
    >
      <ResponsiveContainer width="100%" height={200}>
        <LineChart
          data={data}
          margin={{ top: 8, right: 16, left: 0, bottom: 0 }}
        >
          <CartesianGrid stroke={theme.palette.divider} strokeDasharray="3 3" />
          <XAxis dataKey="week" tick={axis} minTickGap={16} />
          <YAxis tick={axis} width={48} unit=" h" allowDecimals={false} />
          <Tooltip
            formatter={(value: number) => formatDuration(value * HOUR_MS)}
            contentStyle={tooltipStyle}
          />
          <Legend formatter={legendText} />
          <Line
            type="linear"
            dataKey="critical"
            name="Median · P0 and P1"
            stroke={SEVERITY_COLOURS.P0}
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
          <Line
            type="linear"
            dataKey="overall"
            name="Median · all severities"
            stroke={SEVERITY_COLOURS.P3}
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
