import Skeleton from '@material-ui/lab/Skeleton';
import { BurnDownPoint, MttrWeek } from '@quality-pulse/plugin-quality-common';
import { lazy, Suspense } from 'react';

// The charting library is the heaviest part of the tab: it is its own chunk,
// fetched when a chart is first drawn, never with the rest of the portal.
const charts = () => import('./charts');
const BurnDown = lazy(() => charts().then(m => ({ default: m.BurnDownChart })));
const MttrTrend = lazy(() =>
  charts().then(m => ({ default: m.MttrTrendChart })),
);

const placeholder = (height: number) => (
  <Skeleton variant="rect" height={height} aria-label="Loading chart" />
);

export function LazyBurnDownChart(props: { points: BurnDownPoint[] }) {
  return (
    <Suspense fallback={placeholder(240)}>
      <BurnDown points={props.points} />
    </Suspense>
  );
}

export function LazyMttrTrendChart(props: { weeks: MttrWeek[] }) {
  return (
    <Suspense fallback={placeholder(200)}>
      <MttrTrend weeks={props.weeks} />
    </Suspense>
  );
}
