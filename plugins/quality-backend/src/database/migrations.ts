import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@quality-pulse/plugin-quality-backend',
  'migrations',
);

/**
 * Returns the plugin's database client with the shipped migrations applied,
 * unless the operator set `backend.database.plugin.quality.skipMigrations`
 * (reported through `database.migrations.skip`).
 */
export async function connectQualityDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({ directory: migrationsDir });
  }
  return client;
}

/** For tests that walk the migrations down and up again. */
export const QUALITY_MIGRATIONS_DIRECTORY = migrationsDir;
