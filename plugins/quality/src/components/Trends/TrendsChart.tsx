import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { MonthlyPoint, Ratio } from '@quality-pulse/plugin-quality-common';
import { DateTime } from 'luxon';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartFigure } from '../charts/ChartFigure';
import { formatDuration } from '../formatDuration';
import { formatRatio } from '../formatRatio';
import { useChartTheme } from '../charts/chartTheme';

const HOUR_MS = 60 * 60 * 1000;
const monthLabel = (month: string) =>
  DateTime.fromFormat(month, 'yyyy-MM', { zone: 'utc' }).toFormat('LLL yy');

/** A percentage only when there are enough items to rate (PRODUCT.md). */
const rated = (ratio: Ratio) =>
  ratio.lowConfidence || ratio.rate === null
    ? null
    : Math.round(ratio.rate * 1000) / 10;
/** Where there are items but too few: drawn apart, as a hollow point. */
const tooFew = (ratio: Ratio) =>
  ratio.lowConfidence && ratio.denominator > 0 && ratio.rate !== null
    ? Math.round(ratio.rate * 1000) / 10
    : null;

interface Series {
  title: string;
  /** How the sentence under the charts names it. */
  phrase: string;
  unit: string;
  value: (point: MonthlyPoint) => number | null;
  few?: (point: MonthlyPoint) => number | null;
}

const SERIES: Series[] = [
  {
    title: 'Escaped defect rate',
    phrase: 'the escaped defect rate',
    unit: '%',
    value: p => rated(p.escapedDefectRate),
    few: p => tooFew(p.escapedDefectRate),
  },
  {
    title: 'P0/P1 MTTR (median)',
    phrase: 'the P0/P1 MTTR median',
    unit: 'h',
    value: p =>
      p.mttrCritical.medianMs === null
        ? null
        : Math.round((p.mttrCritical.medianMs / HOUR_MS) * 10) / 10,
  },
  {
    title: 'Rework rate',
    phrase: 'the rework rate',
    unit: '%',
    value: p => rated(p.reworkRate),
    few: p => tooFew(p.reworkRate),
  },
  {
    title: 'Root-cause coverage',
    phrase: 'root-cause coverage',
    unit: '%',
    value: p => rated(p.rootCauseCoverage),
    few: p => tooFew(p.rootCauseCoverage),
  },
  {
    title: 'Open bugs at month end',
    phrase: 'open bugs at month end',
    unit: '',
    value: p => p.openBugsAtMonthEnd,
  },
];

function SmallMultiple(props: { series: Series; months: MonthlyPoint[] }) {
  const { series, months } = props;
  const { theme, axis, tooltipStyle } = useChartTheme(11);
  const colour = theme.palette.primary.main;
  const data = months.map(point => ({
    month: monthLabel(point.month),
    value: series.value(point),
    few: series.few?.(point) ?? null,
  }));
  return (
    <Box data-testid={`trend-${series.title}`}>
      <Typography variant="subtitle2">{series.title}</Typography>
      <ResponsiveContainer width="100%" height={140}>
        <LineChart
          data={data}
          margin={{ top: 8, right: 12, left: 0, bottom: 0 }}
        >
          <CartesianGrid stroke={theme.palette.divider} strokeDasharray="3 3" />
          <XAxis dataKey="month" tick={axis} minTickGap={12} />
          <YAxis
            tick={axis}
            width={40}
            unit={series.unit}
            allowDecimals={false}
          />
          <Tooltip contentStyle={tooltipStyle} />
          <Line
            dataKey="value"
            name={series.title}
            stroke={colour}
            strokeWidth={2}
            dot={{ r: 2.5, fill: colour }}
            isAnimationActive={false}
          />
          {series.few && (
            <Line
              dataKey="few"
              name="Too few to rate"
              stroke="none"
              dot={{ r: 4, fill: 'none', stroke: colour, strokeWidth: 1.5 }}
              isAnimationActive={false}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
}

function hasData(point: MonthlyPoint): boolean {
  return (
    point.escapedDefectRate.denominator > 0 ||
    point.reworkRate.denominator > 0 ||
    point.rootCauseCoverage.denominator > 0 ||
    point.mttrCritical.count > 0 ||
    point.openBugsAtMonthEnd > 0
  );
}

/** "24 % → 9 %" over the months that can be rated, for the sentence under the charts. */
function change(months: MonthlyPoint[], series: Series): string | null {
  const values = months
    .map(series.value)
    .filter((v): v is number => v !== null);
  if (values.length < 2) return null;
  const unit = series.unit ? ` ${series.unit}` : '';
  return `${series.phrase} ${values[0]}${unit} → ${
    values[values.length - 1]
  }${unit}`;
}

/**
 * Twelve months of the long view as small multiples, one per figure, with
 * the months as a table (every rate with its parts) and a sentence. A month
 * with too few items to rate is a hollow point apart from the line.
 */
export function TrendsChart(props: { months: MonthlyPoint[] }) {
  const { months } = props;
  // The sentence starts where the history does: before it, zeros are no news.
  const first = months.findIndex(hasData);
  const known = first < 0 ? [] : months.slice(first);
  const changes = SERIES.map(series => change(known, series)).filter(Boolean);
  const summary =
    changes.length > 0
      ? `From ${monthLabel(known[0].month)} to ${monthLabel(
          known[known.length - 1].month,
        )}: ${changes.join('; ')}. Hollow points had too few items to rate.`
      : 'Not enough months with data to show a trend yet.';
  return (
    <ChartFigure
      title="Twelve months"
      summary={summary}
      columns={[
        'Month',
        'Escaped defect rate',
        'P0/P1 MTTR (median)',
        'Rework rate',
        'Root-cause coverage',
        'Open bugs at month end',
      ]}
      rows={months.map(point => [
        monthLabel(point.month),
        formatRatio(point.escapedDefectRate, 'new bugs'),
        point.mttrCritical.count === 0
          ? 'No P0/P1 incident'
          : `${formatDuration(point.mttrCritical.medianMs)} · ${
              point.mttrCritical.count
            } incidents`,
        formatRatio(point.reworkRate, 'deployments'),
        formatRatio(point.rootCauseCoverage, 'to document'),
        point.openBugsAtMonthEnd,
      ])}
    >
      <Grid container spacing={2}>
        {SERIES.map(series => (
          <Grid item xs={12} sm={6} lg={4} key={series.title}>
            <SmallMultiple series={series} months={months} />
          </Grid>
        ))}
      </Grid>
    </ChartFigure>
  );
}
