import { Knex } from 'knex';
import { toNullableNumber, toNumber } from './normalise';

/**
 * The outcome of a provider's last runs, for one scope.
 * @public
 */
export interface SyncState {
  providerId: string;
  scope: string;
  lastStartedAt: number | null;
  lastSucceededAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  /** Malformed items skipped in the last run, and why the last one was. */
  itemsSkipped: number;
  lastSkipReason: string | null;
}

/** What a run skipped: the count and the last reason. */
export interface SkipReport {
  count: number;
  lastReason: string | null;
}

const NOTHING_SKIPPED: SkipReport = { count: 0, lastReason: null };

/** Longest error text kept: enough for a vendor's message, never a whole HTML page. */
const MAX_ERROR_LENGTH = 1000;

function truncate(text: string | null): string | null {
  return text === null ? null : text.slice(0, MAX_ERROR_LENGTH);
}

/** Cursors and outcomes per provider and scope, so a sync resumes where it stopped. */
const skipColumns = (skipped: SkipReport) => ({
  items_skipped: skipped.count,
  last_skip_reason: truncate(skipped.lastReason),
});

export class SyncStateStore {
  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  async getCursor(
    providerId: string,
    scope: string,
  ): Promise<string | undefined> {
    const row = await this.db('quality_sync_state')
      .where({ provider_id: providerId, scope })
      .first('cursor');
    return row?.cursor ?? undefined;
  }

  /** Stores a mid-run cursor without marking the scope succeeded. */
  async saveCursor(
    providerId: string,
    scope: string,
    cursor: string,
  ): Promise<void> {
    await this.db('quality_sync_state')
      .insert({ provider_id: providerId, scope, cursor })
      .onConflict(['provider_id', 'scope'])
      .merge(['cursor']);
  }

  /** Replaces the entities a scope feeds with those the provider declared this run. */
  async setScopeEntities(
    providerId: string,
    scope: string,
    entityRefs: string[],
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('quality_sync_scope_entities')
        .where({ provider_id: providerId, scope })
        .delete();
      const unique = [...new Set(entityRefs)];
      if (unique.length > 0) {
        await tx.batchInsert(
          'quality_sync_scope_entities',
          unique.map(entityRef => ({
            provider_id: providerId,
            scope,
            entity_ref: entityRef,
          })),
          200,
        );
      }
    });
  }

  async markStarted(providerId: string, scope: string): Promise<void> {
    await this.upsert(providerId, scope, { last_started_at: this.now() });
  }

  /** Stores the new cursor together with the success, so both move at once. */
  async markSucceeded(
    providerId: string,
    scope: string,
    cursor: string | undefined,
    skipped: SkipReport = NOTHING_SKIPPED,
  ): Promise<void> {
    await this.upsert(providerId, scope, {
      cursor: cursor ?? null,
      last_succeeded_at: this.now(),
      last_error: null,
      last_error_at: null,
      ...skipColumns(skipped),
    });
  }

  /** Keeps the old cursor: the next run retries from the last good point. */
  async markFailed(
    providerId: string,
    scope: string,
    error: string,
    skipped: SkipReport = NOTHING_SKIPPED,
  ): Promise<void> {
    await this.upsert(providerId, scope, {
      last_error: truncate(error),
      last_error_at: this.now(),
      ...skipColumns(skipped),
    });
  }

  /** Sets the given columns of a scope's row, creating the row if needed. */
  private async upsert(
    providerId: string,
    scope: string,
    columns: Record<string, string | number | null>,
  ): Promise<void> {
    await this.db('quality_sync_state')
      .insert({ provider_id: providerId, scope, ...columns })
      .onConflict(['provider_id', 'scope'])
      .merge(Object.keys(columns));
  }

  async list(): Promise<SyncState[]> {
    const rows = await this.db('quality_sync_state').orderBy([
      'provider_id',
      'scope',
    ]);
    return rows.map(row => ({
      providerId: row.provider_id,
      scope: row.scope,
      lastStartedAt: toNullableNumber(row.last_started_at),
      lastSucceededAt: toNullableNumber(row.last_succeeded_at),
      lastError: row.last_error ?? null,
      lastErrorAt: toNullableNumber(row.last_error_at),
      itemsSkipped: toNumber(row.items_skipped ?? 0),
      lastSkipReason: row.last_skip_reason ?? null,
    }));
  }
}
