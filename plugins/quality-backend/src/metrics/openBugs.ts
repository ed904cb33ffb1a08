import { Knex } from 'knex';
import {
  OpenBugCount,
  SEVERITIES,
  Severity,
} from '@quality-pulse/plugin-quality-common';
import { toNumber } from '../database/normalise';

/** Bugs open right now for these entities, per severity (every severity listed, zeros included). */
export async function openBugs(
  db: Knex,
  entityRefs: string[],
): Promise<{ total: number; bySeverity: OpenBugCount[] }> {
  const rows: Array<{ severity: string; count: unknown }> = await db(
    'quality_bugs',
  )
    .whereIn('entity_ref', entityRefs)
    .where('status', 'open')
    .groupBy('severity')
    .select('severity')
    .count({ count: '*' });
  const open = Object.fromEntries(SEVERITIES.map(s => [s, 0])) as Record<
    Severity,
    number
  >;
  for (const row of rows) {
    open[row.severity as Severity] = toNumber(row.count);
  }
  return openBugsOf(open);
}

/** Counts per severity as the API reports them: every severity listed, with the total. */
export function openBugsOf(open: Record<Severity, number>): {
  total: number;
  bySeverity: OpenBugCount[];
} {
  const bySeverity = SEVERITIES.map(severity => ({
    severity,
    count: open[severity],
  }));
  return { total: bySeverity.reduce((sum, s) => sum + s.count, 0), bySeverity };
}
