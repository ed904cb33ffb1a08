import { DateTime } from 'luxon';

const JQL_FORMAT = 'yyyy-MM-dd HH:mm';

/**
 * The JQL date literal for "updated >= since". JQL reads it as wall-clock
 * time in the searching user's zone, to the minute. In the hour a DST change
 * repeats, the same wall time names two instants and Jira may take the later
 * one, skipping what changed in between; there the literal of an hour earlier
 * is written, whose every reading is no later than `since`.
 */
export function jqlDate(since: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(since, { zone: timeZone });
  const text = local.toFormat(JQL_FORMAT);
  const ambiguous = [local.minus({ hours: 1 }), local.plus({ hours: 1 })].some(
    other => other.toFormat(JQL_FORMAT) === text,
  );
  return ambiguous ? local.minus({ hours: 1 }).toFormat(JQL_FORMAT) : text;
}
