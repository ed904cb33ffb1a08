import { Knex } from 'knex';

/**
 * The entities some data source reports for: a provider declared a scope for
 * them (even before it stored anything), or items were stored or pushed for
 * them. Scorecards use it for "data source configured".
 */
export async function entitiesWithData(db: Knex): Promise<Set<string>> {
  const rows: Array<{ entity_ref: string }> = await db
    .select('entity_ref')
    .from('quality_sync_scope_entities')
    .union(qb => qb.distinct('entity_ref').from('quality_bugs'))
    .union(qb => qb.distinct('entity_ref').from('quality_incidents'))
    .union(qb => qb.distinct('entity_ref').from('quality_deployments'));
  return new Set(rows.map(row => row.entity_ref));
}
