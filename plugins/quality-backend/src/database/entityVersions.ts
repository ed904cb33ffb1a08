import { Knex } from 'knex';
import { toNumber } from './normalise';

/**
 * Above this many entities (the org views) the versions of all entities are
 * summed: a superset, so the version still moves with every write under the
 * answer, and one scan of a row per entity is cheaper than binding thousands
 * of refs on every request.
 */
const ALL_ABOVE = 1000;

/** The kinds of data the parts of an answer read, each with a version of its own. */
export type DataKind = 'bugs' | 'incidents' | 'deployments' | 'postmortems';

const KIND_COLUMNS: Record<DataKind, string> = {
  bugs: 'bug_version',
  incidents: 'incident_version',
  deployments: 'deployment_version',
  postmortems: 'postmortem_version',
};
const KINDS = Object.keys(KIND_COLUMNS) as DataKind[];

/** The versions of the data under an answer over some entities, read at one moment. */
export interface ScopeVersions {
  /** Of all their data and their number: an answer is kept by it. */
  answer: string;
  /**
   * Of each kind of data: a write of bugs moves the bug version of the
   * entities it touched and leaves their deployment version, so a part of an
   * answer that reads deployments only outlives it. Incidents move only with
   * what their figures read (timing, severity, identity, entity), not a new title.
   */
  kinds: Record<DataKind, number>;
}

/**
 * The versions of the data under an answer over these entities, in one read:
 * sums of their versions, which every committed write touching one of them
 * raises (versions only grow). A write elsewhere leaves them as they are.
 */
export async function versionsOf(
  db: Knex,
  entityRefs: string[],
): Promise<ScopeVersions> {
  const query = db('quality_entity_versions');
  if (entityRefs.length <= ALL_ABOVE) query.whereIn('entity_ref', entityRefs);
  const row = await query.first(
    db.raw('SUM(version) AS total'),
    ...KINDS.map(kind => db.raw(`SUM(${KIND_COLUMNS[kind]}) AS ${kind}`)),
  );
  return {
    answer: `${toNumber(row?.total ?? 0)}.${entityRefs.length}`,
    kinds: Object.fromEntries(
      KINDS.map(kind => [kind, toNumber(row?.[kind] ?? 0)]),
    ) as Record<DataKind, number>,
  };
}

/** An entity's versions: of all its data, and of its incidents' figures alone. */
export interface EntityVersions {
  version: number;
  incidentVersion: number;
}

/**
 * The versions of every entity written so far, by ref; an entity never
 * written has none (version 0). One scan of a row per entity.
 */
export async function allEntityVersions(
  db: Knex,
): Promise<Map<string, EntityVersions>> {
  const rows = await db('quality_entity_versions').select(
    'entity_ref',
    'version',
    'incident_version',
  );
  return new Map(
    rows.map(row => [
      row.entity_ref,
      {
        version: toNumber(row.version),
        incidentVersion: toNumber(row.incident_version),
      },
    ]),
  );
}

/** This database's id: shared cache keys carry it, so a recreated database never meets old answers. */
export async function cacheEpoch(db: Knex): Promise<string> {
  const row = await db('quality_installation')
    .where('id', 1)
    .first('cache_epoch');
  return String(row?.cache_epoch ?? '');
}
