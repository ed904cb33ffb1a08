// Test helper: the rollup-based figures computed from scratch over the stored
// items and their histories, to hold the rollups kept on write against.
import { Knex } from 'knex';
import { SEVERITIES } from '@quality-pulse/plugin-quality-common';
import { QUARTER_MS } from '../database/burnDownRollup';
import { toNumber } from '../database/normalise';
import { lastDays } from '../metrics/calendarDays';
import { TimeWindow } from '../metrics/window';

/** The same figures as entityRollups, from the items and their history alone. */
export async function figuresFromScratch(
  db: Knex,
  window: TimeWindow,
  entityRefs: string[],
) {
  const byEntity = async (query: Knex.QueryBuilder) =>
    new Map(
      (await query).map((r: any) => [r.entity_ref, r]) as Array<[string, any]>,
    );
  const open = await db('quality_bugs')
    .where('status', 'open')
    .groupBy('entity_ref', 'severity')
    .select('entity_ref', 'severity', db.raw('COUNT(*) AS n'));
  const ratio = (table: string, time: string, flag: string) =>
    byEntity(
      db(table)
        .where(time, '>=', window.start)
        .where(time, '<', window.end)
        .groupBy('entity_ref')
        .select(
          'entity_ref',
          db.raw(`SUM(CASE WHEN ${flag} IS TRUE THEN 1 ELSE 0 END) AS f`),
          db.raw('COUNT(*) AS n'),
        ),
    );
  const escaped = await ratio('quality_bugs', 'created_at', 'escaped');
  const rework = await ratio(
    'quality_deployments',
    'deployed_at',
    'remediation',
  );
  const days = lastDays(window, 29);
  const weekly: Array<Map<string, any>> = [];
  for (const quarter of [1, 8, 15, 22, 29].map(i => days.starts[i])) {
    const at = quarter * QUARTER_MS;
    // Open at an instant: an open entry began before it, and the next entry (if any) did not.
    weekly.push(
      await byEntity(
        db('quality_bug_history as h')
          .leftJoin('quality_bug_history as nx', join =>
            join
              .on('nx.bug_id', 'h.bug_id')
              .andOn('nx.seq', db.raw('h.seq + 1')),
          )
          .where('h.status', 'open')
          .where('h.changed_at', '<', at)
          .where(q =>
            q.whereNull('nx.changed_at').orWhere('nx.changed_at', '>=', at),
          )
          .groupBy('h.entity_ref')
          .select('h.entity_ref', db.raw('COUNT(*) AS n')),
      ),
    );
  }
  return entityRefs.map(ref => ({
    ref,
    open: Object.fromEntries(
      SEVERITIES.map(s => [
        s,
        toNumber(
          open.find(r => r.entity_ref === ref && r.severity === s)?.n ?? 0,
        ),
      ]),
    ),
    escaped: {
      numerator: toNumber(escaped.get(ref)?.f ?? 0),
      denominator: toNumber(escaped.get(ref)?.n ?? 0),
    },
    rework: {
      numerator: toNumber(rework.get(ref)?.f ?? 0),
      denominator: toNumber(rework.get(ref)?.n ?? 0),
    },
    weekly: weekly.map(w => toNumber(w.get(ref)?.n ?? 0)),
  }));
}

/** Every open interval of every stored bug: [from, to), to null while open. */
export async function openIntervals(db: Knex) {
  const rows = await db('quality_bug_history')
    .orderBy(['bug_id', 'seq'])
    .select('bug_id', 'changed_at', 'status', 'entity_ref');
  return rows.flatMap((row, i) => {
    if (row.status !== 'open') return [];
    const next = rows[i + 1]?.bug_id === row.bug_id ? rows[i + 1] : undefined;
    return [
      {
        entity_ref: row.entity_ref as string,
        from: toNumber(row.changed_at),
        to: next ? toNumber(next.changed_at) : null,
      },
    ];
  });
}

/** Bugs open at an instant, counted from the intervals. */
export function openAt(
  intervals: Array<{ from: number; to: number | null }>,
  at: number,
): number {
  return intervals.filter(h => h.from < at && (h.to === null || h.to >= at))
    .length;
}
