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
export function groupScope(db: Knex, org: Organisation): Knex.Raw | undefined {
  const pairs = [...org.groups.keys()].flatMap(groupRef =>
    org.entitiesOf(groupRef).map(entityRef => [groupRef, entityRef]),
  );
  if (pairs.length === 0) return undefined;
  // One bound JSON text, not two parameters a pair: 5,000 services three
  // levels deep are 30,000 pairs, past SQLite's 32,766 bound parameters.
  const json = JSON.stringify(pairs);
  return db.client.dialect === 'postgresql'
    ? db.raw(
        `SELECT p->>0 AS group_ref, p->>1 AS entity_ref FROM json_array_elements(CAST(? AS json)) AS p`,
        [json],
      )
    : db.raw(
        `SELECT json_extract(value, '$[0]') AS group_ref, json_extract(value, '$[1]') AS entity_ref FROM json_each(?)`,
        [json],
      );
}

/** The incidents of each group resolved in the window, each once per group; reads the `scope` expression. */
export function resolvedIncidentsPerGroup(
  db: Knex,
  window: TimeWindow,
): Knex.QueryBuilder {
  return db('quality_incidents as i')
    .join('scope as s', 's.entity_ref', 'i.entity_ref')
    .whereNotNull('i.resolved_at')
    .where('i.resolved_at', '>=', window.start)
    .where('i.resolved_at', '<', window.end)
    .groupBy('s.group_ref', 'i.source', db.raw(INCIDENT_IDENTITY))
    .select('s.group_ref', ...incidentColumns(db));
}
