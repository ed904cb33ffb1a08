import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  QualityItem,
  QualityItemListName,
  QualityItemPage,
  Severity,
} from '@quality-pulse/plugin-quality-common';
import { toNullableNumber, toNumber } from '../database/normalise';
import { resolvedIncidents } from './incidents';
import { describeWindow } from './scopeMetrics';
import { TimeWindow } from './window';

interface ListDefinition {
  kind: QualityItem['kind'];
  /** The rows of the list, with the same conditions as the figure they explain. */
  rows(db: Knex, entityRefs: string[], window: TimeWindow): Knex.QueryBuilder;
  /** Selects the QualityItem columns (snake case, `at` in epoch ms). */
  columns(db: Knex): Array<string | Knex.Raw>;
  /** Deployments have no severity. */
  bySeverity: boolean;
}

const bugColumns = (db: Knex) => [
  'source',
  'external_id',
  'entity_ref',
  'title',
  'url',
  'severity',
  db.raw('created_at AS at'),
  db.raw('NULL AS duration_ms'),
  db.raw('escaped AS flagged'),
];

/** The rows of these entities whose `at` column falls in the window. */
const rowsIn =
  (table: string, at: string) =>
  (db: Knex, entityRefs: string[], window: TimeWindow) =>
    db(table)
      .whereIn('entity_ref', entityRefs)
      .where(at, '>=', window.start)
      .where(at, '<', window.end);

const bugsCreatedIn = rowsIn('quality_bugs', 'created_at');

const deploymentColumns = (db: Knex) => [
  'source',
  'external_id',
  'entity_ref',
  db.raw('external_id AS title'),
  'url',
  db.raw('NULL AS severity'),
  db.raw('deployed_at AS at'),
  db.raw('NULL AS duration_ms'),
  db.raw('remediation AS flagged'),
];

const deploymentsIn = rowsIn('quality_deployments', 'deployed_at');

/** Mirrors openBugs.ts, ratios.ts and mttr.ts: a list and its number never disagree. */
const LISTS: Record<QualityItemListName, ListDefinition> = {
  'open-bugs': {
    kind: 'bug',
    bySeverity: true,
    rows: (db, entityRefs) =>
      db('quality_bugs')
        .whereIn('entity_ref', entityRefs)
        .where('status', 'open'),
    columns: bugColumns,
  },
  'created-bugs': {
    kind: 'bug',
    bySeverity: true,
    rows: bugsCreatedIn,
    columns: bugColumns,
  },
  'escaped-bugs': {
    kind: 'bug',
    bySeverity: true,
    rows: (db, entityRefs, window) =>
      bugsCreatedIn(db, entityRefs, window).whereRaw('escaped IS TRUE'),
    columns: bugColumns,
  },
  'resolved-incidents': {
    kind: 'incident',
    bySeverity: true,
    // Each incident once, as MTTR counts it.
    rows: (db, entityRefs, window) =>
      db.from(resolvedIncidents(db, entityRefs, window).as('once')),
    columns: db => [
      'source',
      'external_id',
      'entity_ref',
      'title',
      'url',
      'severity',
      db.raw('resolved_at AS at'),
      db.raw('resolved_at - started_at AS duration_ms'),
      db.raw('NULL AS flagged'),
    ],
  },
  deployments: {
    kind: 'deployment',
    bySeverity: false,
    rows: deploymentsIn,
    columns: deploymentColumns,
  },
  'remediation-deployments': {
    kind: 'deployment',
    bySeverity: false,
    rows: (db, entityRefs, window) =>
      deploymentsIn(db, entityRefs, window).whereRaw('remediation IS TRUE'),
    columns: deploymentColumns,
  },
};

export interface ItemListRequest {
  list: QualityItemListName;
  window: TimeWindow;
  severities?: Severity[];
  limit: number;
  offset: number;
}

interface ItemRow {
  source: string;
  external_id: string;
  entity_ref: string;
  title: string;
  url: string | null;
  severity: Severity | null;
  at: unknown;
  duration_ms: unknown;
  flagged: unknown;
}

/** One page of the items behind a number, newest first, with the list's total. */
export async function itemList(
  db: Knex,
  entityRefs: string[],
  request: ItemListRequest,
): Promise<QualityItemPage> {
  const definition = LISTS[request.list];
  const { severities } = request;
  if (severities && !definition.bySeverity) {
    throw new InputError(`severity does not apply to the list ${request.list}`);
  }
  const rows = () => {
    const query = definition.rows(db, entityRefs, request.window);
    return severities ? query.whereIn('severity', severities) : query;
  };
  const [countRow] = await rows().count({ total: '*' });
  const page: ItemRow[] = await rows()
    .select(definition.columns(db))
    .orderBy([
      { column: 'at', order: 'desc' },
      { column: 'source' },
      { column: 'external_id' },
    ])
    .limit(request.limit)
    .offset(request.offset);
  return {
    list: request.list,
    window: describeWindow(request.window),
    total: toNumber(countRow?.total ?? 0),
    items: page.map(row => ({
      kind: definition.kind,
      source: row.source,
      externalId: row.external_id,
      entityRef: row.entity_ref,
      title: row.title,
      url: row.url,
      severity: row.severity,
      at: new Date(toNumber(row.at)).toISOString(),
      durationMs: toNullableNumber(row.duration_ms),
      // SQLite returns booleans as 0/1.
      flagged:
        row.flagged === null || row.flagged === undefined
          ? null
          : Boolean(row.flagged),
    })),
  };
}
