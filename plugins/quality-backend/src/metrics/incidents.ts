import { Knex } from 'knex';
import { Organisation } from '../catalog/organisation';
import { TimeWindow } from './window';

/**
 * One incident, however many rows hold it: incident.io, Rootly and
 * FireHydrant store an incident once per affected service (each row its own
 * entity, subjects and post-mortem link), sharing `incident_key`. A squad
 * or department that owns two of those services has had one incident, not
 * two (issue 18): every figure above a single service groups by this.
 */
export const INCIDENT_IDENTITY = 'COALESCE(i.incident_key, i.external_id)';

/**
 * Columns of one incident from its rows, which agree on everything but the
 * entity (the most severe and the earliest start win should a tool disagree).
 */
function incidentColumns(db: Knex) {
  return [
    'i.source',
    db.raw(`${INCIDENT_IDENTITY} AS incident`),
    db.raw('MIN(i.external_id) AS external_id'),
    db.raw('MIN(i.entity_ref) AS entity_ref'),
    db.raw('MIN(i.title) AS title'),
    db.raw('MIN(i.url) AS url'),
    db.raw('MIN(i.severity) AS severity'),
    db.raw('MIN(i.started_at) AS started_at'),
    db.raw('MAX(i.resolved_at) AS resolved_at'),
  ];
}

/** The incidents of these entities resolved in the window, each once; a subquery to select from. */
export function resolvedIncidents(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Knex.QueryBuilder {
  return db('quality_incidents as i')
    .whereIn('i.entity_ref', entityRefs)
    .whereNotNull('i.resolved_at')
    .where('i.resolved_at', '>=', window.start)
    .where('i.resolved_at', '<', window.end)
    .groupBy('i.source', db.raw(INCIDENT_IDENTITY))
    .select(incidentColumns(db));
}

/**
 * (group, entity) pairs of every group and everything it owns, its child
 * groups' included, as a table expression `scope(group_ref, entity_ref)`:
 * what per-group queries join so that each group gets its own aggregate in
 * one query. Undefined when the org owns nothing.
 */
export function groupScope(
  db: Knex,
  org: Organisation,
  /** Only these groups (default: all of the org). */
  groupRefs: Iterable<string> = org.groups.keys(),
): Knex.Raw | undefined {
  const refs = [...groupRefs];
  return pairsScope(db, refs, org, ref => ref, 'text');
}

/**
 * The same pairs with each group's position in `groupRefs` for its ref,
 * `scope(group_no, entity_ref)`: for the queries that sort every group's
 * rows, an integer is a fraction of the memory of a ref.
 */
export function numberedGroupScope(
  db: Knex,
  org: Organisation,
  groupRefs: string[],
): Knex.Raw | undefined {
  const numbers = new Map(groupRefs.map((ref, i) => [ref, i]));
  return pairsScope(db, groupRefs, org, ref => numbers.get(ref)!, 'integer');
}

function pairsScope(
  db: Knex,
  groupRefs: string[],
  org: Organisation,
  label: (groupRef: string) => string | number,
  type: 'text' | 'integer',
): Knex.Raw | undefined {
  const column = type === 'text' ? 'group_ref' : 'group_no';
  const pairs = groupRefs.flatMap(groupRef =>
    org
      .entitiesOf(groupRef)
      .map(entityRef => [String(label(groupRef)), entityRef]),
  );
  if (pairs.length === 0) return undefined;
  if (db.client.dialect === 'postgresql') {
    // Two arrays: the planner knows how many rows unnest gives (it plans for
    // 100 from a JSON function), and with the right number it hashes the
    // items instead of probing an index once per pair.
    return db.raw(
      `SELECT * FROM unnest(CAST(? AS ${type}[]), CAST(? AS text[])) AS p(${column}, entity_ref)`,
      [pairs.map(p => p[0]), pairs.map(p => p[1])],
    );
  }
  // One bound JSON text, not two parameters a pair: 5,000 services three
  // levels deep are 30,000 pairs, past SQLite's 32,766 bound parameters.
  return db.raw(
    `SELECT json_extract(value, '$[0]') AS ${column}, json_extract(value, '$[1]') AS entity_ref FROM json_each(?)`,
    [JSON.stringify(pairs)],
  );
}

/**
 * The time to restore of each group's incidents resolved in the window, each
 * incident once per group: `group_no`, `severity`, `value` (ms). Reads the
 * numbered `scope` expression. Only the columns the durations need are carried
 * through the grouping: with titles and URLs the sort of a large org's
 * incidents no longer fits PostgreSQL's working memory.
 */
export function resolvedDurationsPerGroup(
  db: Knex,
  window: TimeWindow,
): Knex.QueryBuilder {
  return db('quality_incidents as i')
    .join('scope as s', 's.entity_ref', 'i.entity_ref')
    .whereNotNull('i.resolved_at')
    .where('i.resolved_at', '>=', window.start)
    .where('i.resolved_at', '<', window.end)
    .groupBy('s.group_no', 'i.source', db.raw(INCIDENT_IDENTITY))
    .select(
      's.group_no',
      db.raw('MIN(i.severity) AS severity'),
      db.raw('MAX(i.resolved_at) - MIN(i.started_at) AS value'),
    );
}
