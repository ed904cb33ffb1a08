import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DataSize, loadSyntheticData } from '../../bench/syntheticOrg';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';

/** A migrated test database holding the synthetic org's items for these entities. */
export async function syntheticDatabase(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  entityRefs: string[],
  size: DataSize,
): Promise<Knex> {
  const db = await databases.init(databaseId);
  await db.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
  await loadSyntheticData(db, entityRefs, size);
  return db;
}
