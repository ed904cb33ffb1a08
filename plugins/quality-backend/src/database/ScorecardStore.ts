import { Knex } from 'knex';
import {
  QualityScorecard,
  ScorecardCheckResult,
  ScorecardCheckStatus,
  ScorecardLevelResult,
  SCORECARD_CHECK_HISTORY_DAYS,
} from '@quality-pulse/plugin-quality-common';
import { toNullableNumber, toNumber } from './normalise';
import { DAY_MS } from '../time';

/** A scorecard as stored: one row per entity or squad. */
export interface StoredScorecard {
  scopeRef: string;
  scopeKind: 'entity' | 'squad';
  level: string | null;
  levelSince: number;
  levels: ScorecardLevelResult[];
  /** The facts the checks read, serialised; what the metrics endpoint reports. */
  facts: string;
  /** Fingerprint of the entities the facts were computed from (see coverage.ts). */
  covers: string | null;
}

/** A check whose status differs from the last evaluation's (or was not evaluated before). */
export interface CheckChange {
  scopeRef: string;
  checkId: string;
  changedAt: number;
  fromStatus: ScorecardCheckStatus | null;
  toStatus: ScorecardCheckStatus;
}

export interface LevelChange {
  scopeRef: string;
  changedAt: number;
  fromLevel: string | null;
  toLevel: string | null;
  blockingChecks: string[];
}

const WRITE_BATCH = 400;
const HISTORY_LIMIT = 50;
/** Check changes are kept a year: the strip needs 90 days and the change before them. */
const CHECK_CHANGES_KEPT_MS = 366 * DAY_MS;

/**
 * Latest scorecards and their level history. An evaluation rewrites only the
 * rows whose content changed: for a large org most scorecards stay the same
 * between two runs, and writing 5,000 unchanged rows would cost more than
 * evaluating them.
 */
export class ScorecardStore {
  constructor(private readonly db: Knex) {}

  async loadAll(): Promise<Map<string, StoredScorecard>> {
    const rows = await this.db('quality_scorecards').select();
    return new Map(rows.map(row => [row.scope_ref, fromRow(row)]));
  }

  async loadOne(scopeRef: string): Promise<StoredScorecard | undefined> {
    const row = await this.db('quality_scorecards')
      .where('scope_ref', scopeRef)
      .first();
    return row ? fromRow(row) : undefined;
  }

  /** Writes changed scorecards, level changes and the run record in one transaction. */
  async save(options: {
    changed: StoredScorecard[];
    levelChanges: LevelChange[];
    checkChanges: CheckChange[];
    removed: string[];
    run: {
      startedAt: number;
      finishedAt: number;
      scopes: number;
      checks: number;
    };
  }): Promise<void> {
    const { changed, levelChanges, checkChanges, removed, run } = options;
    await this.db.transaction(async tx => {
      for (let i = 0; i < changed.length; i += WRITE_BATCH) {
        await tx('quality_scorecards')
          .insert(
            changed.slice(i, i + WRITE_BATCH).map(card => ({
              scope_ref: card.scopeRef,
              scope_kind: card.scopeKind,
              level: card.level,
              level_since: card.levelSince,
              results: JSON.stringify(card.levels),
              facts: card.facts,
              covers: card.covers,
              updated_at: run.finishedAt,
            })),
          )
          .onConflict('scope_ref')
          .merge();
      }
      await tx.batchInsert(
        'quality_scorecard_level_changes',
        levelChanges.map(change => ({
          scope_ref: change.scopeRef,
          changed_at: change.changedAt,
          from_level: change.fromLevel,
          to_level: change.toLevel,
          blocking_checks: JSON.stringify(change.blockingChecks),
        })),
        WRITE_BATCH,
      );
      await tx.batchInsert(
        'quality_scorecard_check_changes',
        checkChanges.map(change => ({
          scope_ref: change.scopeRef,
          check_id: change.checkId,
          changed_at: change.changedAt,
          from_status: change.fromStatus,
          to_status: change.toStatus,
        })),
        WRITE_BATCH,
      );
      await tx('quality_scorecard_check_changes')
        .where('changed_at', '<', run.finishedAt - CHECK_CHANGES_KEPT_MS)
        .delete();
      for (let i = 0; i < removed.length; i += WRITE_BATCH) {
        await tx('quality_scorecards')
          .whereIn('scope_ref', removed.slice(i, i + WRITE_BATCH))
          .delete();
      }
      await tx('quality_scorecard_runs').insert({
        started_at: run.startedAt,
        finished_at: run.finishedAt,
        scopes: run.scopes,
        checks: run.checks,
        rows_written: changed.length,
      });
      // The run log is for freshness and diagnosis: a month of runs is plenty.
      await tx('quality_scorecard_runs')
        .where('finished_at', '<', run.finishedAt - 31 * 24 * 60 * 60 * 1000)
        .delete();
    });
  }

  async lastEvaluatedAt(): Promise<number | null> {
    const row = await this.db('quality_scorecard_runs')
      .max({ finished: 'finished_at' })
      .first();
    return toNullableNumber(row?.finished ?? null);
  }

  /** The scorecard of one entity or squad, with its level history, newest first. */
  async get(
    scopeRef: string,
    scopeKind: 'entity' | 'squad',
    /** The strip's 90 days of check changes end here. */
    now: number,
  ): Promise<QualityScorecard> {
    const [card, history, evaluatedAt, checkChanges] = await Promise.all([
      this.loadOne(scopeRef),
      this.db('quality_scorecard_level_changes')
        .where('scope_ref', scopeRef)
        .orderBy([
          { column: 'changed_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(HISTORY_LIMIT)
        .select(),
      this.lastEvaluatedAt(),
      this.db('quality_scorecard_check_changes')
        .where('scope_ref', scopeRef)
        .where('changed_at', '>=', now - SCORECARD_CHECK_HISTORY_DAYS * DAY_MS)
        .orderBy([
          { column: 'changed_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .select(),
    ]);
    if (!card) return emptyScorecard(scopeRef, scopeKind);
    return {
      scopeRef,
      scopeKind: card.scopeKind,
      evaluatedAt: evaluatedAt === null ? null : iso(evaluatedAt),
      level: card.level,
      levelSince: iso(card.levelSince),
      levels: card.levels,
      history: history.map(change => ({
        changedAt: iso(toNumber(change.changed_at)),
        fromLevel: change.from_level ?? null,
        toLevel: change.to_level ?? null,
        blockingChecks: JSON.parse(change.blocking_checks),
      })),
      checkChanges: checkChanges.map(change => ({
        checkId: change.check_id,
        changedAt: iso(toNumber(change.changed_at)),
        fromStatus: change.from_status ?? null,
        toStatus: change.to_status,
      })),
    };
  }
}

/** The scorecard of a scope no evaluation has covered yet. */
export function emptyScorecard(
  scopeRef: string,
  scopeKind: 'entity' | 'squad',
): QualityScorecard {
  return {
    scopeRef,
    scopeKind,
    evaluatedAt: null,
    level: null,
    levelSince: null,
    levels: [],
    history: [],
    checkChanges: [],
  };
}

function fromRow(row: any): StoredScorecard {
  return {
    scopeRef: row.scope_ref,
    scopeKind: row.scope_kind,
    level: row.level ?? null,
    levelSince: toNumber(row.level_since),
    levels: JSON.parse(row.results),
    facts: row.facts,
    covers: row.covers ?? null,
  };
}

function iso(millis: number): string {
  return new Date(millis).toISOString();
}

/** The check results of a stored scorecard by check id, for carrying `since` forward. */
export function resultsById(
  card: StoredScorecard | undefined,
): Map<string, ScorecardCheckResult> {
  return new Map(
    (card?.levels ?? []).flatMap(level =>
      level.checks.map(check => [check.checkId, check] as const),
    ),
  );
}
