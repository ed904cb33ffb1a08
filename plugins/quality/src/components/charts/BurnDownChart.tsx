import {
  BurnDownPoint,
  SEVERITIES,
  SEVERITY_LABELS,
} from '@quality-pulse/plugin-quality-common';
import { DateTime } from 'luxon';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartFigure } from './ChartFigure';
import { SEVERITY_COLOURS } from './severityColours';
import { useChartTheme } from './chartTheme';

const day = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

/**
 * Open bugs per severity at the end of each day, stacked with P0 at the
 * bottom, so the critical layer is never hidden under the long tail.
 * Severities with no open bug in the whole window are left out of the legend.
 */
export function BurnDownChart(props: { points: BurnDownPoint[] }) {
  const { points } = props;
  const { theme, axis, tooltipStyle, legendText } = useChartTheme();
  const shown = SEVERITIES.filter(severity =>
    points.some(point => point.bySeverity[severity] > 0),
  );
  const data = points.map(point => ({ date: point.date, ...point.bySeverity }));
  const first = points[0];
  const last = points[points.length - 1];
  const summary =
    first && last
      ? `Open bugs: ${first.total} on ${day(first.date).toFormat('d LLL')}, ${
          last.total
        } on ${day(last.date).toFormat('d LLL')}${
          shown.length > 0
            ? ` (${shown.map(s => `${s} ${last.bySeverity[s]}`).join(', ')})`
            : ''
        }.`
      : 'No days in this window.';
  return (
    <ChartFigure
      title="Open bugs per severity, each day of the window"
      summary={summary}
      columns={['Day', ...shown, 'Total']}
      rows={points.map(point => [
        point.date,
        ...shown.map(s => point.bySeverity[s]),
        point.total,
      ])}
    >
      <ResponsiveContainer width="100%" height={240}>
        <AreaChart
          data={data}
          margin={{ top: 8, right: 16, left: 0, bottom: 0 }}
        >
          <CartesianGrid stroke={theme.palette.divider} strokeDasharray="3 3" />
          <XAxis
            dataKey="date"
            tick={axis}
            tickFormatter={(iso: string) => day(iso).toFormat('d LLL')}
            minTickGap={24}
          />
          <YAxis tick={axis} allowDecimals={false} width={40} />
          <Tooltip
            labelFormatter={(iso: string) =>
              day(iso).toFormat('ccc d LLL yyyy')
            }
            contentStyle={tooltipStyle}
          />
          <Legend formatter={legendText} />
          {shown.map(severity => (
            <Area
              key={severity}
              type="stepAfter"
              dataKey={severity}
              name={SEVERITY_LABELS[severity]}
              stackId="open"
              stroke={SEVERITY_COLOURS[severity]}
              fill={SEVERITY_COLOURS[severity]}
              fillOpacity={0.55}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
