import { Knex } from 'knex';
import { QualityItemKind } from '@quality-pulse/plugin-quality-node';
import { openDeltas, StoredHistoryEntry, utcDay } from './burnDownRollup';
import { chunks } from './chunks';

/** The per-day rollup of a kind of item: which table, and what it counts. */
const DAY_ROLLUPS = {
  bugs: { table: 'quality_bug_days', total: 'created', flagged: 'escaped' },
  deployments: {
    table: 'quality_deployment_days',
    total: 'deployments',
    flagged: 'remediations',
  },
} as const;

const SEP = '\u0000';

/** Each write adds one to `version` and to the version of each kind it changed. */
const VERSION_COLUMNS = [
  'version',
  'incident_version',
  'bug_version',
  'deployment_version',
  'postmortem_version',
] as const;

/** The columns of an incident its figures (MTTR, MTTA) depend on: not its title or link. */
const INCIDENT_FIGURE_COLUMNS = [
  'entity_ref',
  'incident_key',
  'severity',
  'started_at',
  'acknowledged_at',
  'resolved_at',
] as const;

type IncidentFigures = { external_id: string } & Record<
  (typeof INCIDENT_FIGURE_COLUMNS)[number],
  unknown
>;

/** Equal figures, whichever database returned the stored row (PostgreSQL bigints come back as text). */
function sameFigures(a: IncidentFigures, b: IncidentFigures): boolean {
  return INCIDENT_FIGURE_COLUMNS.every(column => {
    const [x, y] = [a[column], b[column]];
    if (x === null || x === undefined || y === null || y === undefined) {
      return (x ?? null) === (y ?? null);
    }
    return String(x) === String(y);
  });
}

/**
 * What one write changes in the rollups and which entities it touches, summed
 * in memory and applied in the writer's transaction: the rollups move with
 * the items they summarise, and the versions of the touched entities move
 * with them, so a cached answer over other entities stays valid. A write
 * withdraws what the stored items contributed (sign −1) and adds the new
 * ones (+1); a move between entities touches both.
 */
export class RollupChanges {
  private readonly openQuarters = new Map<string, number>();
  private readonly days = {
    bugs: new Map<string, [number, number]>(),
    deployments: new Map<string, [number, number]>(),
  };
  private readonly touched = new Set<string>();
  /** Incidents as stored before this write, by external id, until written again. */
  private readonly storedIncidents = new Map<string, IncidentFigures>();
  /** Entities whose data of each kind this write changes (incidents: what their figures read). */
  private readonly moved = {
    bugs: new Set<string>(),
    incidents: new Set<string>(),
    deployments: new Set<string>(),
    postmortems: new Set<string>(),
  };

  /** A bug's status history: its open intervals, by quarter-hour (burn-down) and in total (open now). */
  bugHistory(history: StoredHistoryEntry[], sign: 1 | -1): void {
    openDeltas(history, sign, this.openQuarters);
    history.forEach(entry => this.moves('bugs', entry.entity_ref));
  }

  /** A bug counted on the day it was created, escaped or not. */
  bugCreated(
    bug: { entity_ref: string; created_at: unknown; escaped: unknown },
    sign: 1 | -1,
  ): void {
    this.countDay('bugs', bug.entity_ref, bug.created_at, bug.escaped, sign);
  }

  /** A deployment counted on its day, remediation or not. */
  deployment(
    deployment: {
      entity_ref: string;
      deployed_at: unknown;
      remediation: unknown;
    },
    sign: 1 | -1,
  ): void {
    this.countDay(
      'deployments',
      deployment.entity_ref,
      deployment.deployed_at,
      deployment.remediation,
      sign,
    );
  }

  /** A post-mortem of this entity written or withdrawn: no count changes, its coverage may. */
  postmortem(entityRef: string): void {
    this.moves('postmortems', entityRef);
  }

  /** An incident as stored, before it is replaced or deleted. */
  storedIncident(row: IncidentFigures): void {
    this.storedIncidents.set(row.external_id, row);
    this.touched.add(row.entity_ref as string);
  }

  /**
   * An incident as written. Its entity's version moves in any case; its
   * incident version (and that of an entity it left) only when it is new or
   * its timing, severity, identity or entity changed: a new title moves no MTTR.
   */
  writtenIncident(row: IncidentFigures): void {
    const entityRef = row.entity_ref as string;
    this.touched.add(entityRef);
    const before = this.storedIncidents.get(row.external_id);
    this.storedIncidents.delete(row.external_id);
    if (before && sameFigures(before, row)) return;
    this.moved.incidents.add(entityRef);
    if (before) this.moved.incidents.add(before.entity_ref as string);
  }

  get touchedEntities(): string[] {
    return [...this.touched].sort();
  }

  /**
   * Writes the changes. Rows are written in key order, table by table, so two
   * writers touching the same rows lock them in the same order (PostgreSQL)
   * and cannot deadlock.
   */
  async apply(tx: Knex.Transaction): Promise<void> {
    const quarters = [...this.openQuarters].filter(([, delta]) => delta !== 0);
    await mergeAdding(
      tx,
      'quality_bug_open_deltas',
      // Its primary key's order: by entity, then time (reads ask for a range of quarters).
      ['entity_ref', 'quarter', 'severity'],
      quarters.map(([key, delta]) => {
        const [entity_ref, severity, quarter] = key.split(SEP);
        return { entity_ref, severity, quarter: Number(quarter), delta };
      }),
      ['delta'],
    );
    const open = new Map<string, number>();
    for (const [key, delta] of quarters) {
      const at = key.lastIndexOf(SEP);
      open.set(key.slice(0, at), (open.get(key.slice(0, at)) ?? 0) + delta);
    }
    await mergeAdding(
      tx,
      'quality_bug_open_counts',
      ['entity_ref', 'severity'],
      [...open]
        .filter(([, delta]) => delta !== 0)
        .map(([key, delta]) => {
          const [entity_ref, severity] = key.split(SEP);
          return { entity_ref, severity, open: delta };
        }),
      ['open'],
    );
    for (const kind of ['bugs', 'deployments'] as const) {
      const { table, total, flagged } = DAY_ROLLUPS[kind];
      await mergeAdding(
        tx,
        table,
        ['entity_ref', 'day'],
        [...this.days[kind]]
          .filter(([, [n, f]]) => n !== 0 || f !== 0)
          .map(([key, [n, f]]) => {
            const [entity_ref, day] = key.split(SEP);
            return { entity_ref, day: Number(day), [total]: n, [flagged]: f };
          }),
        [total, flagged],
      );
    }
    // A stored incident not written again is deleted: its figures go.
    this.storedIncidents.forEach(row =>
      this.moved.incidents.add(row.entity_ref as string),
    );
    this.storedIncidents.clear();
    const movedOne = (kind: keyof typeof this.moved, entityRef: string) =>
      this.moved[kind].has(entityRef) ? 1 : 0;
    await mergeAdding(
      tx,
      'quality_entity_versions',
      ['entity_ref'],
      this.touchedEntities.map(entity_ref => ({
        entity_ref,
        version: 1,
        incident_version: movedOne('incidents', entity_ref),
        bug_version: movedOne('bugs', entity_ref),
        deployment_version: movedOne('deployments', entity_ref),
        postmortem_version: movedOne('postmortems', entity_ref),
      })),
      VERSION_COLUMNS,
    );
  }

  private countDay(
    kind: keyof typeof DAY_ROLLUPS,
    entityRef: string,
    at: unknown,
    flag: unknown,
    sign: 1 | -1,
  ) {
    const key = `${entityRef}${SEP}${utcDay(Number(at))}`;
    const [n, f] = this.days[kind].get(key) ?? [0, 0];
    this.days[kind].set(key, [n + sign, f + (isTrue(flag) ? sign : 0)]);
    this.moves(kind, entityRef);
  }

  private moves(kind: keyof typeof this.moved, entityRef: string) {
    this.moved[kind].add(entityRef);
    this.touched.add(entityRef);
  }
}

/** A boolean column as either database returns it (PostgreSQL true, SQLite 1). */
function isTrue(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** Inserts rows, or adds their `adding` columns to the rows already there. */
async function mergeAdding(
  tx: Knex.Transaction,
  table: string,
  key: string[],
  rows: Array<Record<string, string | number>>,
  adding: readonly string[],
): Promise<void> {
  const ordered = rows.sort((a, b) => {
    for (const column of key) {
      if (a[column] !== b[column]) return a[column] < b[column] ? -1 : 1;
    }
    return 0;
  });
  for (const chunk of chunks(ordered)) {
    await tx(table)
      .insert(chunk)
      .onConflict(key)
      .merge(
        Object.fromEntries(
          adding.map(column => [
            column,
            tx.raw(`${table}.${column} + excluded.${column}`),
          ]),
        ),
      );
  }
}

/** The columns of a stored item that its contributions depend on. */
const STORED_COLUMNS: Record<QualityItemKind, string[]> = {
  bugs: ['id', 'entity_ref', 'created_at', 'escaped'],
  incidents: ['id', 'external_id', ...INCIDENT_FIGURE_COLUMNS],
  postmortems: ['id', 'entity_ref'],
  deployments: ['id', 'entity_ref', 'deployed_at', 'remediation'],
};

export const ITEM_TABLES: Record<QualityItemKind, string> = {
  bugs: 'quality_bugs',
  incidents: 'quality_incidents',
  postmortems: 'quality_postmortems',
  deployments: 'quality_deployments',
};

/**
 * Adds to `changes` the opposite of what these stored items contribute
 * (before they are replaced or deleted); returns the ids of the items
 * already stored.
 */
export async function withdrawStored(
  tx: Knex.Transaction,
  kind: QualityItemKind,
  source: string,
  externalIds: string[],
  changes: RollupChanges,
): Promise<number[]> {
  // Two index lookups rather than a join: on PostgreSQL a join planned on
  // statistics older than a bulk load scans all history (issue 9 measured
  // 575 ms per page at a million bugs); a page of new bugs stops after the first.
  const stored = await tx(ITEM_TABLES[kind])
    .where('source', source)
    .whereIn('external_id', externalIds)
    .select(STORED_COLUMNS[kind]);
  for (const row of stored) {
    if (kind === 'bugs') changes.bugCreated(row, -1);
    else if (kind === 'deployments') changes.deployment(row, -1);
    else if (kind === 'incidents') changes.storedIncident(row);
    else changes.postmortem(row.entity_ref);
  }
  const ids = stored.map((row: { id: number }) => row.id);
  if (kind !== 'bugs' || ids.length === 0) return ids;
  const rows: Array<StoredHistoryEntry & { bug_id: number }> = await tx(
    'quality_bug_history',
  )
    .whereIn('bug_id', ids)
    .orderBy(['bug_id', 'seq'])
    .select('bug_id', 'changed_at', 'status', 'severity', 'entity_ref');
  const byBug = new Map<number, StoredHistoryEntry[]>();
  for (const row of rows) {
    const history = byBug.get(row.bug_id) ?? [];
    history.push(row);
    byBug.set(row.bug_id, history);
  }
  byBug.forEach(history => changes.bugHistory(history, -1));
  return ids;
}
