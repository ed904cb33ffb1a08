import { Knex } from 'knex';
import { toNumber } from './normalise';

/** Entities per statement: well under SQLite's 32,766 bound parameters. */
const REFS_PER_QUERY = 10_000;

/**
 * The version of the data under an answer over these entities: the sum of
 * their versions, which every committed write touching one of them raises
 * (versions only grow), and their number. A write elsewhere leaves it as it is.
 */
export async function versionOf(
  db: Knex,
  entityRefs: string[],
): Promise<string> {
  let sum = 0;
  for (let i = 0; i < entityRefs.length; i += REFS_PER_QUERY) {
    const row = await db('quality_entity_versions')
      .whereIn('entity_ref', entityRefs.slice(i, i + REFS_PER_QUERY))
      .first(db.raw('SUM(version) AS total'));
    sum += toNumber(row?.total ?? 0);
  }
  return `${sum}.${entityRefs.length}`;
}

/** This database's id: shared cache keys carry it, so a recreated database never meets old answers. */
export async function cacheEpoch(db: Knex): Promise<string> {
  const row = await db('quality_installation')
    .where('id', 1)
    .first('cache_epoch');
  return String(row?.cache_epoch ?? '');
}
