import { Knex } from 'knex';

/**
 * Moves the data version in the writer's transaction: a cached answer keyed
 * by the old version is not served once the write commits.
 */
export async function bumpDataVersion(tx: Knex.Transaction): Promise<void> {
  await tx('quality_data_version').where('id', 1).increment('version', 1);
}

/** The version answers computed now are keyed by. */
export async function currentDataVersion(db: Knex): Promise<string> {
  const row = await db('quality_data_version').where('id', 1).first('version');
  return String(row?.version ?? 0);
}
