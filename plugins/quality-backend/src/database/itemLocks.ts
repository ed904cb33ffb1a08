import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { chunks } from './chunks';

/** A 64-bit advisory-lock key for one item, as PostgreSQL takes it (a signed bigint, in text). */
function lockKey(source: string, externalId: string): bigint {
  return createHash('sha256')
    .update(`${source}\u0000${externalId}`)
    .digest()
    .readBigInt64BE(0);
}

/**
 * Serialises writes of the same items across transactions, on PostgreSQL,
 * until the caller's transaction ends. A bug's upsert reads its stored
 * history to take its share out of the burn-down rollup: two writers of one
 * bug reading the same old history would both subtract it once and add their
 * own, and the rollup would keep a count for a bug that is not there (issue
 * 18: 8 parallel upserts of one bug left 5 open). Keys are taken in ascending
 * order, so two pages sharing items cannot deadlock. SQLite allows one
 * writer at a time already.
 */
export async function lockItems(
  tx: Knex.Transaction,
  source: string,
  externalIds: string[],
): Promise<void> {
  if (tx.client.dialect !== 'postgresql') return;
  const keys = [...new Set(externalIds.map(id => lockKey(source, id)))].sort(
    (a, b) => (a < b ? -1 : Number(a > b)),
  );
  for (const chunk of chunks(keys)) {
    await tx.raw(
      'SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(? AS bigint[])) AS k ORDER BY k',
      [`{${chunk.join(',')}}`],
    );
  }
}
