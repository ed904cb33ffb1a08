import { Knex } from 'knex';
import {
  EntityQualitySummary,
  SourceFreshness,
} from '@quality-pulse/plugin-quality-common';
import { toNullableNumber, toNumber } from '../database/normalise';
import { openBugs } from './openBugs';
import { scopeMetrics } from './scopeMetrics';
import { TimeWindow } from './window';

/** The entity summary of `GET /v1/entities/{kind}/{namespace}/{name}/summary`. */
export async function entitySummary(
  db: Knex,
  entityRef: string,
  window: TimeWindow,
): Promise<EntityQualitySummary> {
  const [metrics, open, sources] = await Promise.all([
    scopeMetrics(db, [entityRef], window),
    openBugs(db, [entityRef]),
    entitySources(db, entityRef),
  ]);
  return {
    entityRef,
    ...metrics,
    openBugs: open,
    hasData: sources.length > 0,
    sources,
  };
}

/**
 * The providers that stored anything for the entity, with when they last
 * synced successfully and their latest error, for the "data freshness" line.
 */
async function entitySources(
  db: Knex,
  entityRef: string,
): Promise<SourceFreshness[]> {
  const sourceRows: Array<{ source: string }> = await db
    .select('source')
    .from('quality_bugs')
    .where('entity_ref', entityRef)
    .union(qb =>
      qb
        .select('source')
        .from('quality_incidents')
        .where('entity_ref', entityRef),
    )
    .union(qb =>
      qb
        .select('source')
        .from('quality_deployments')
        .where('entity_ref', entityRef),
    );
  const providerIds = sourceRows.map(row => row.source).sort();
  if (providerIds.length === 0) {
    return [];
  }
  const states = await db('quality_sync_state')
    .whereIn('provider_id', providerIds)
    .select('provider_id', 'last_succeeded_at', 'last_error', 'last_error_at');
  return providerIds.map(providerId => {
    const own = states.filter(state => state.provider_id === providerId);
    const succeeded = Math.max(
      0,
      ...own.map(s => toNullableNumber(s.last_succeeded_at) ?? 0),
    );
    const latestError = own
      .filter(s => s.last_error)
      .sort((a, b) => toNumber(b.last_error_at) - toNumber(a.last_error_at))[0];
    return {
      providerId,
      lastSucceededAt: succeeded ? new Date(succeeded).toISOString() : null,
      lastError: latestError?.last_error ?? null,
    };
  });
}
