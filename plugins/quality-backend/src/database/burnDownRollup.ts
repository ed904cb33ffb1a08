import { DAY_MS } from '../time';

/**
 * The rollup's grain: a quarter of an hour. Every time zone's midnight falls
 * on a quarter-hour (UTC+5:45 and +12:45 included), so the open count at the
 * end of any local calendar day is exact; a UTC day is 96 quarters.
 */
export const QUARTER_MS = 15 * 60 * 1000;

/** One row of quality_bug_history, as stored. */
export interface StoredHistoryEntry {
  changed_at: number;
  status: string;
  severity: string;
  entity_ref: string;
}

/** The quarter-hour (quarters since the epoch) an instant falls in. */
export function quarterOf(millis: number): number {
  return Math.floor(millis / QUARTER_MS);
}

/** The UTC day (days since the epoch) an instant falls in. */
export function utcDay(millis: number): number {
  return Math.floor(millis / DAY_MS);
}

/**
 * What one bug's history adds to the burn-down rollup. A bug counts as open at
 * an instant when an open interval [start, end) of its history holds it: +1 in
 * the quarter of start, −1 in the quarter of end; the count at a quarter
 * boundary is the sum of the deltas of the quarters before it. A reopening, a
 * severity change or a move to another entity starts a new interval, so at any
 * instant the bug counts once, under the severity and entity it had then.
 */
export function openDeltas(
  history: StoredHistoryEntry[],
  sign: 1 | -1,
  into: Map<string, number>,
): void {
  history.forEach((entry, index) => {
    if (entry.status !== 'open') {
      return;
    }
    const add = (quarter: number, delta: number) => {
      const key = `${entry.entity_ref}\u0000${entry.severity}\u0000${quarter}`;
      into.set(key, (into.get(key) ?? 0) + sign * delta);
    };
    add(quarterOf(Number(entry.changed_at)), 1);
    const next = history[index + 1];
    if (next) {
      add(quarterOf(Number(next.changed_at)), -1);
    }
  });
}
