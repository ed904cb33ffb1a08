/*
 * Where the scale benchmark keeps its data between `bench:generate` and
 * `bench:run`: the files and database names the bench backend's config
 * (bench/backend.ts) points Backstage at, so the served data is the generated data.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../src/database/migrations';

export type BenchDatabase = 'sqlite' | 'postgres';

// Read at each call: the smoke test points them elsewhere.
export const benchDir = () =>
  process.env.BENCH_DATA_DIR ?? path.resolve(__dirname, '../../../bench-data');
export const sqliteDir = () => path.join(benchDir(), 'sqlite');
/** Backstage names a plugin's PostgreSQL database `<prefix><pluginId>`. */
export const pgPrefix = () => process.env.BENCH_PG_PREFIX ?? 'qbench_';
export const pgConnection = () =>
  process.env.BENCH_POSTGRES ?? 'postgresql://postgres@127.0.0.1:5432';

export function benchDatabases(): BenchDatabase[] {
  return (process.env.BENCH_DATABASES ?? 'sqlite,postgres')
    .split(',')
    .map(name => name.trim())
    .filter(
      (name): name is BenchDatabase => name === 'sqlite' || name === 'postgres',
    );
}

/** The quality plugin's database, as the bench backend will open it. */
export function openBenchDatabase(database: BenchDatabase): Knex {
  if (database === 'sqlite') {
    mkdirSync(sqliteDir(), { recursive: true });
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(sqliteDir(), 'quality.sqlite') },
      useNullAsDefault: true,
    });
  }
  return knexFactory({
    client: 'pg',
    connection: `${pgConnection()}/${pgPrefix()}quality`,
    pool: { min: 1, max: 10 },
  });
}

/** Drops what a previous generation left and returns a migrated, empty database. */
export async function freshBenchDatabase(
  database: BenchDatabase,
): Promise<Knex> {
  if (database === 'sqlite') {
    const { rmSync } = await import('node:fs');
    rmSync(sqliteDir(), { recursive: true, force: true });
  } else {
    const admin = knexFactory({
      client: 'pg',
      connection: `${pgConnection()}/postgres`,
    });
    try {
      await dropPostgresDatabases(admin);
      await admin.raw(`CREATE DATABASE ${pgPrefix()}quality`);
    } finally {
      await admin.destroy();
    }
  }
  const db = openBenchDatabase(database);
  if (database === 'sqlite') {
    // A file written once and read many times: WAL lets the backend read while we measure.
    await db.raw('PRAGMA journal_mode = WAL');
  }
  await db.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
  return db;
}

/** The PostgreSQL databases a bench backend creates under the prefix. */
async function dropPostgresDatabases(admin: Knex) {
  for (const plugin of ['quality', 'catalog', 'auth', 'permission']) {
    await admin.raw(`DROP DATABASE IF EXISTS ${pgPrefix()}${plugin}`);
  }
}

/** Removes the PostgreSQL databases of this prefix (the smoke test's, after it ran). */
export async function dropBenchDatabases(): Promise<void> {
  const admin = knexFactory({
    client: 'pg',
    connection: `${pgConnection()}/postgres`,
  });
  try {
    await dropPostgresDatabases(admin);
  } finally {
    await admin.destroy();
  }
}
