import { Knex } from 'knex';
import {
  EntityQualitySummary,
  SourceFreshness,
} from '@quality-pulse/plugin-quality-common';
import { toNullableNumber, toNumber } from '../database/normalise';
import { entityMttr } from './mttr';
import { entityOpenBugs } from './openBugs';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The entity summary of `GET /v1/entities/{kind}/{namespace}/{name}/summary`. */
export async function entitySummary(
  db: Knex,
  entityRef: string,
  options: { windowDays: number; now: number },
): Promise<EntityQualitySummary> {
  const window = {
    start: options.now - options.windowDays * DAY_MS,
    end: options.now,
  };
  const [mttr, openBugs, sources] = await Promise.all([
    entityMttr(db, entityRef, window),
    entityOpenBugs(db, entityRef),
    entitySources(db, entityRef),
  ]);
  return {
    entityRef,
    window: {
      start: new Date(window.start).toISOString(),
      end: new Date(window.end).toISOString(),
      days: options.windowDays,
    },
    mttr,
    openBugs,
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
