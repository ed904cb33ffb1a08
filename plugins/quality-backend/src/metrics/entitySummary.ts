import { Knex } from 'knex';
import {
  EntityQualitySummary,
  SourceFreshness,
} from '@quality-pulse/plugin-quality-common';
import { toNullableNumber, toNumber } from '../database/normalise';
import { AnswerPart, computeEveryPart } from './keptParts';
import { openBugs } from './openBugs';
import { scopeMetrics } from './scopeMetrics';
import { TimeWindow } from './window';

/** The entity summary of `GET /v1/entities/{kind}/{namespace}/{name}/summary`. */
export async function entitySummary(
  db: Knex,
  entityRef: string,
  window: TimeWindow,
  part: AnswerPart = computeEveryPart,
): Promise<EntityQualitySummary> {
  const [metrics, open, { sources, hasItems }] = await Promise.all([
    scopeMetrics(db, [entityRef], window, part),
    openBugs(db, [entityRef]),
    entitySources(db, entityRef),
  ]);
  return {
    entityRef,
    ...metrics,
    openBugs: open,
    hasData: hasItems,
    sources,
  };
}

/**
 * The providers that stored anything for the entity, with when they last
 * synced successfully and their latest error, for the "data freshness" line.
 * Only the scopes the entity's items came from count: a Jira project that
 * fails for another team is not this service's problem. Items written outside
 * any scope fall back to all of the provider's scopes.
 */
async function entitySources(
  db: Knex,
  entityRef: string,
): Promise<{ sources: SourceFreshness[]; hasItems: boolean }> {
  const itemScopes: Array<{ source: string; scope: string | null }> = await db
    .select('source', 'scope')
    .from('quality_bugs')
    .where('entity_ref', entityRef)
    .union(qb =>
      qb
        .select('source', 'scope')
        .from('quality_incidents')
        .where('entity_ref', entityRef),
    )
    .union(qb =>
      qb
        .select('source', 'scope')
        .from('quality_deployments')
        .where('entity_ref', entityRef),
    );
  // Scopes the providers declared for the entity count even before they stored anything.
  const declaredScopes: Array<{ source: string; scope: string | null }> =
    await db('quality_sync_scope_entities')
      .where('entity_ref', entityRef)
      .select({ source: 'provider_id' }, 'scope');
  const hasItems = itemScopes.length > 0;
  itemScopes.push(...declaredScopes);
  const providerIds = [...new Set(itemScopes.map(row => row.source))].sort();
  if (providerIds.length === 0) {
    return { sources: [], hasItems };
  }
  const states = await db('quality_sync_state')
    .whereIn('provider_id', providerIds)
    .select(
      'provider_id',
      'scope',
      'last_succeeded_at',
      'last_error',
      'last_error_at',
    );
  const sources = providerIds.map(providerId => {
    const scopes = itemScopes.filter(row => row.source === providerId);
    const anyScope = scopes.some(row => row.scope === null);
    const own = states.filter(
      state =>
        state.provider_id === providerId &&
        (anyScope || scopes.some(row => row.scope === state.scope)),
    );
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
  return { sources, hasItems };
}
