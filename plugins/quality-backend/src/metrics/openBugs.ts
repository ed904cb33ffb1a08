import { Knex } from 'knex';
import { OpenBugCount, SEVERITIES } from '@quality-pulse/plugin-quality-common';
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
  const counts = new Map(rows.map(row => [row.severity, toNumber(row.count)]));
  const bySeverity = SEVERITIES.map(severity => ({
    severity,
    count: counts.get(severity) ?? 0,
  }));
  return {
    total: bySeverity.reduce((sum, item) => sum + item.count, 0),
    bySeverity,
  };
}
