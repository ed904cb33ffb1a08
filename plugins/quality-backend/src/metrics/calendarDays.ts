import { DateTime } from 'luxon';
import { QUARTER_MS } from '../database/burnDownRollup';
import { TimeWindow } from './window';

/**
 * The calendar days of a window in its time zone (UTC unless the request
 * named one): a day starts at local midnight, so across a DST change it is 23
 * or 25 hours long. Boundaries are quarter-hours, the burn-down rollup's grain.
 */
export interface CalendarDays {
  /** YYYY-MM-DD of each day. */
  dates: string[];
  /** The quarter each day starts at, then the one after the last day ends: one more than `dates`. */
  starts: number[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

function daysFrom(first: DateTime, count: number): CalendarDays {
  // A zone with a fixed offset (UTC, the default) has days of 24 hours:
  // plain arithmetic. Luxon's calendar maths was 2 % of the backend's time
  // under the squad summary benchmark's load; it is kept for zones with DST.
  if (first.zone.isUniversal) {
    const start = first.toMillis();
    const local = start + first.offset * 60_000;
    const at = (i: number) => start + i * DAY_MS;
    return {
      dates: Array.from({ length: count }, (_, i) =>
        new Date(local + i * DAY_MS).toISOString().slice(0, 10),
      ),
      starts: Array.from({ length: count + 1 }, (_, i) =>
        Math.round(at(i) / QUARTER_MS),
      ),
    };
  }
  const dates: string[] = [];
  const starts: number[] = [];
  for (let i = 0; i <= count; i++) {
    const day = first.plus({ days: i });
    if (i < count) dates.push(day.toISODate()!);
    starts.push(Math.round(day.toMillis() / QUARTER_MS));
  }
  return { dates, starts };
}

function zoneOf(window: TimeWindow) {
  return window.zone ?? 'UTC';
}

/** Every day the window touches, the first one holding its start, the last its final millisecond. */
export function calendarDays(window: TimeWindow): CalendarDays {
  const zone = zoneOf(window);
  const first = DateTime.fromMillis(window.start, { zone }).startOf('day');
  const last = DateTime.fromMillis(window.end - 1, { zone }).startOf('day');
  return daysFrom(first, Math.round(last.diff(first, 'days').days) + 1);
}

/** The `count` days that end with the window's last day (the four-week trend: 29 days). */
export function lastDays(window: TimeWindow, count: number): CalendarDays {
  const zone = zoneOf(window);
  const last = DateTime.fromMillis(window.end - 1, { zone }).startOf('day');
  return daysFrom(last.minus({ days: count - 1 }), count);
}

/**
 * SQL giving the index of the day that the rollup row's `quarter` falls in,
 * or -1 before the first day. Days of equal length are one arithmetic step,
 * so the expression has a branch per DST change, not per day. The numbers
 * are computed here and written as integer literals: better-sqlite3 binds
 * numbers as REAL, which would turn the division into a fractional one.
 */
export function dayIndexSql(days: CalendarDays, column = 'quarter'): string {
  const { starts } = days;
  const integer = (n: number) => {
    if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
    return String(n);
  };
  const branches: string[] = [`WHEN ${column} < ${integer(starts[0])} THEN -1`];
  let segmentStart = 0;
  for (let i = 1; i <= starts.length - 1; i++) {
    const length = starts[segmentStart + 1] - starts[segmentStart];
    const ends =
      i === starts.length - 1 || starts[i + 1] - starts[i] !== length;
    if (!ends) continue;
    branches.push(
      `WHEN ${column} < ${integer(starts[i])} THEN ${integer(
        segmentStart,
      )} + (${column} - ${integer(starts[segmentStart])}) / ${integer(length)}`,
    );
    segmentStart = i;
  }
  return `CASE ${branches.join(' ')} ELSE ${integer(starts.length - 1)} END`;
}
