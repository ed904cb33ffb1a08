import { Knex } from 'knex';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** One row of quality_bug_history, as stored. */
export interface StoredHistoryEntry {
  changed_at: number;
  status: string;
  severity: string;
  entity_ref: string;
}

/** The UTC day (days since the epoch) an instant falls in. */
export function utcDay(millis: number): number {
  return Math.floor(millis / DAY_MS);
}

/**
 * What one bug's history adds to the burn-down rollup. A bug counts as open on
 * day D when it is open at the last millisecond of D (UTC), so an open interval
 * [start, end) counts on days day(start) … day(end) − 1: +1 on day(start), −1 on
 * day(end). A bug opened and closed on the same day nets to zero; a reopening,
 * a severity change or a move to another entity starts a new interval, so each
 * day the bug counts once, under the severity and entity it had then.
 */
export function openDayDeltas(
  history: StoredHistoryEntry[],
  sign: 1 | -1,
  into: Map<string, number>,
): void {
  history.forEach((entry, index) => {
    if (entry.status !== 'open') {
      return;
    }
    const add = (day: number, delta: number) => {
      const key = `${entry.entity_ref}\u0000${entry.severity}\u0000${day}`;
      into.set(key, (into.get(key) ?? 0) + sign * delta);
    };
    add(utcDay(Number(entry.changed_at)), 1);
    const next = history[index + 1];
    if (next) {
      add(utcDay(Number(next.changed_at)), -1);
    }
  });
}

/**
 * Applies summed deltas to the rollup in the caller's transaction, so the
 * rollup moves together with the history it summarises.
 */
export async function applyRollupDeltas(
  tx: Knex.Transaction,
  deltas: Map<string, number>,
): Promise<void> {
  const rows = [...deltas.entries()]
    .filter(([, delta]) => delta !== 0)
    .map(([key, delta]) => {
      const [entity_ref, severity, day] = key.split('\u0000');
      return { entity_ref, severity, day: Number(day), delta };
    });
  for (let i = 0; i < rows.length; i += 500) {
    await tx('quality_bug_daily_deltas')
      .insert(rows.slice(i, i + 500))
      .onConflict(['entity_ref', 'severity', 'day'])
      .merge({
        delta: tx.raw('quality_bug_daily_deltas.delta + excluded.delta'),
      });
  }
}
