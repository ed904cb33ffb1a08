import { InputError } from '@backstage/errors';
import { DateTime, IANAZone } from 'luxon';
import { DAY_MS } from '../time';

const MINUTE_MS = 60 * 1000;

/** The longest range the API serves: two years, the horizon of stored history. */
export const MAX_WINDOW_DAYS = 730;

/** A half-open range [start, end) in epoch milliseconds. */
export interface TimeWindow {
  start: number;
  end: number;
  /** Length in days, rounded: a range across a DST change is 23 or 25 hours short or long of whole days. */
  days: number;
  /** The IANA zone of a calendar window (`from`/`to` with `timeZone`); its days start at local midnight. */
  zone?: string;
}

/**
 * Whether the window is the last N days up to the request (`windowDays`),
 * rather than calendar days (`from`/`to`, which always carry their zone).
 * Its end is the instant the request was read, a few milliseconds before
 * the `now` the figures are asked with.
 */
export function isRolling(window: TimeWindow): boolean {
  return window.zone === undefined;
}

/**
 * The window and instant as of the start of `now`'s minute: a rolling window
 * ends then instead, the same length; one of calendar days keeps its end.
 * Answers are kept up to a minute anyway (ANSWER_TTL_MS); asking as of the
 * minute lets the answers of one minute share what they computed.
 */
export function asOfMinute(
  window: TimeWindow,
  now: number,
): { window: TimeWindow; now: number } {
  return asOf(window, now - (now % MINUTE_MS));
}

/**
 * The window and instant a request will ask for at the start of the next
 * minute, as `asOfMinute` will make them then: what can be prepared before.
 */
export function asOfNextMinute(
  window: TimeWindow,
  now: number,
): { window: TimeWindow; now: number } {
  return asOf(window, now - (now % MINUTE_MS) + MINUTE_MS);
}

function asOf(window: TimeWindow, minute: number) {
  if (!isRolling(window)) return { window, now: minute };
  const length = window.end - window.start;
  return {
    window: { ...window, start: minute - length, end: minute },
    now: minute,
  };
}

export interface WindowQuery {
  windowDays?: unknown;
  from?: unknown;
  to?: unknown;
  timeZone?: unknown;
}

/**
 * Reads the window of a request: either the last `windowDays` days up to now,
 * or the calendar days `from`…`to` (inclusive, YYYY-MM-DD) in `timeZone`
 * (IANA name, default UTC). Days are calendar days: with a time zone, the range
 * starts and ends at local midnight, so across a DST change it is an hour
 * shorter or longer than whole days. Storage is UTC throughout.
 */
export function windowFromQuery(
  query: WindowQuery,
  options: { now: number; defaultDays: number },
): TimeWindow {
  const custom = query.from !== undefined || query.to !== undefined;
  if (custom && query.windowDays !== undefined) {
    throw new InputError(
      'windowDays cannot be combined with from/to: use one or the other',
    );
  }
  if (!custom) {
    if (query.timeZone !== undefined) {
      throw new InputError('timeZone applies to from/to only');
    }
    const days = wholeDays(query.windowDays, options.defaultDays);
    return { start: options.now - days * DAY_MS, end: options.now, days };
  }
  const zone = query.timeZone === undefined ? 'UTC' : query.timeZone;
  if (typeof zone !== 'string' || !IANAZone.isValidZone(zone)) {
    throw new InputError(
      `timeZone must be an IANA time zone such as Europe/Berlin; got "${String(
        zone,
      )}"`,
    );
  }
  const from = calendarDay(query.from, 'from', zone);
  const to = calendarDay(query.to, 'to', zone);
  if (to < from) {
    throw new InputError('to must not be before from');
  }
  const days = Math.round(to.diff(from, 'days').days) + 1;
  if (days > MAX_WINDOW_DAYS) {
    throw new InputError(`from/to must span at most ${MAX_WINDOW_DAYS} days`);
  }
  return {
    start: from.toMillis(),
    end: to.plus({ days: 1 }).toMillis(),
    days,
    zone,
  };
}

function wholeDays(value: unknown, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  // The OpenAPI layer has already turned a valid query string into a number.
  const days =
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (
    typeof days !== 'number' ||
    !Number.isInteger(days) ||
    days < 1 ||
    days > MAX_WINDOW_DAYS
  ) {
    throw new InputError(
      `windowDays must be a whole number from 1 to ${MAX_WINDOW_DAYS}`,
    );
  }
  return days;
}

function calendarDay(value: unknown, field: string, zone: string): DateTime {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new InputError(`${field} must be a date in the form YYYY-MM-DD`);
  }
  const day = DateTime.fromISO(value, { zone });
  if (!day.isValid) {
    throw new InputError(`${field} is not a calendar date: "${value}"`);
  }
  return day.startOf('day');
}
