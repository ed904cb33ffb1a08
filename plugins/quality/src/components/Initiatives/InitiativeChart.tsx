import Box from '@material-ui/core/Box';
import { QualityInitiative } from '@quality-pulse/plugin-quality-common';
import { DateTime } from 'luxon';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartFigure } from '../charts/ChartFigure';
import {
  formatFigure,
  formatValue,
  METRIC_TITLES,
  plotted,
} from './initiativeFormat';
import { useChartTheme } from '../charts/chartTheme';

const dayLabel = (iso: string) =>
  DateTime.fromISO(iso, { zone: 'utc' }).toFormat('d LLL');

/**
 * The value of a group against the initiative's trajectory: the value at
 * the start (the baseline), every 30 days and now, the straight line to the
 * target dashed, the target as a reference line; with a sentence and the
 * points as a table.
 */
export function InitiativeChart(props: {
  initiative: QualityInitiative;
  groupTitle: string;
  /** The group's own target (a relative one follows its baseline). */
  target: number | null;
}) {
  const { initiative, groupTitle, target } = props;
  const { unit, points } = initiative;
  const { theme, axis, tooltipStyle, legendText } = useChartTheme(11);
  const data = points.map(point => ({
    day: dayLabel(point.at),
    value: point.lowConfidence ? null : plotted(unit, point.value),
    few: point.lowConfidence ? plotted(unit, point.value) : null,
    trajectory: plotted(unit, point.expected),
  }));
  const last = points[points.length - 1];
  const summary = last
    ? `${groupTitle}: ${METRIC_TITLES[initiative.metric].toLocaleLowerCase(
        'en-GB',
      )} ${formatValue(unit, points[0].value)} at the start, ${formatValue(
        unit,
        last.value,
      )} now, against ${formatValue(unit, last.expected)} on the trajectory${
        target === null ? '' : ` and a target of ${formatValue(unit, target)}`
      }. Hollow points had too few items to rate.`
    : 'The initiative has not started yet.';
  const suffix = { ratio: '%', hours: 'h', count: '' }[unit];
  return (
    <ChartFigure
      title={`${initiative.title}: ${groupTitle}`}
      summary={summary}
      columns={['Day', 'Value', 'Trajectory']}
      rows={points.map((point, i) => [
        `${dayLabel(point.at)}${i === points.length - 1 ? ' (now)' : ''}`,
        formatFigure(unit, point),
        formatValue(unit, point.expected),
      ])}
    >
      <Box data-testid="initiative-chart">
        <ResponsiveContainer width="100%" height={180}>
          <LineChart
            data={data}
            margin={{ top: 8, right: 28, left: 0, bottom: 0 }}
          >
            <CartesianGrid
              stroke={theme.palette.divider}
              strokeDasharray="3 3"
            />
            <XAxis dataKey="day" tick={axis} minTickGap={12} />
            <YAxis tick={axis} width={44} unit={suffix} />
            <Tooltip contentStyle={tooltipStyle} />
            <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
            {target !== null && (
              <ReferenceLine
                y={plotted(unit, target) ?? undefined}
                stroke={theme.palette.success.main}
                strokeDasharray="2 4"
                label={{
                  value: 'target',
                  fill: axis.fill,
                  fontSize: 11,
                  position: 'insideTopRight',
                }}
              />
            )}
            <Line
              dataKey="trajectory"
              name="Trajectory"
              stroke={theme.palette.text.secondary}
              strokeDasharray="6 4"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              dataKey="value"
              name={groupTitle}
              stroke={theme.palette.primary.main}
              strokeWidth={2}
              dot={{ r: 3, fill: theme.palette.primary.main }}
              isAnimationActive={false}
            />
            <Line
              dataKey="few"
              name="Too few to rate"
              legendType="none"
              stroke="none"
              dot={{
                r: 4,
                fill: 'none',
                stroke: theme.palette.primary.main,
                strokeWidth: 1.5,
              }}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </Box>
    </ChartFigure>
  );
}
