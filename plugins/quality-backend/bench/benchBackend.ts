/*
 * Starts the scale benchmark's backend (bench/backend.ts) as its own process,
 * with a config pointing Backstage at the benchmark's databases and catalog.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import {
  benchDir,
  BenchDatabase,
  pgConnection,
  pgPrefix,
  sqliteDir,
} from './benchDatabase';
import { ScaleSize } from './scaleOrg';

/** The static token the bench backend accepts (backend.auth.externalAccess). */
export const TOKEN = 'quality-pulse-bench-token';

function backendConfig(
  database: BenchDatabase,
  port: number,
  cache?: string,
): string {
  const config = {
    app: { baseUrl: `http://localhost:${port}` },
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      ...(cache ? { cache: { store: 'redis', connection: cache } } : {}),
      database:
        database === 'sqlite'
          ? { client: 'better-sqlite3', connection: { directory: sqliteDir() } }
          : {
              client: 'pg',
              connection: pgConnection(),
              prefix: pgPrefix(),
            },
      auth: {
        externalAccess: [
          { type: 'static', options: { token: TOKEN, subject: 'bench' } },
        ],
      },
    },
    permission: { enabled: false },
    catalog: {
      rules: [{ allow: ['Component', 'Group'] }],
      locations: [
        { type: 'file', target: path.join(benchDir(), 'catalog.yaml') },
      ],
    },
    quality: {
      notifications: { enabled: false },
      postmortems: { documents: { enabled: false } },
      // Evaluated here by hand, not by the schedule while latency is measured.
      scorecards: {
        schedule: {
          frequency: { hours: 24 },
          timeout: { minutes: 30 },
          initialDelay: { hours: 12 },
        },
      },
    },
  };
  const file = path.join(benchDir(), `app-config.${database}.${port}.yaml`);
  writeFileSync(file, stringify(config));
  return file;
}

export async function waitUntilReady(
  what: string,
  timeoutMs: number,
  ok: () => Promise<boolean>,
  isDead: () => boolean,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ok().catch(() => false)) return;
    if (isDead())
      throw new Error(`the bench backend exited while waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
  throw new Error(`${what} not ready within ${timeoutMs / 1000} s`);
}

/** Starts the bench backend and waits until the catalog holds the whole org. */
export async function startBenchBackend(
  database: BenchDatabase,
  size: ScaleSize,
  port = 7077,
  options: {
    env?: Record<string, string>;
    waitForCatalog?: boolean;
    /** A Redis URL: answers are shared through it (`backend.cache.store: redis`). */
    redis?: string;
  } = {},
): Promise<{ child: ChildProcess; baseUrl: string; stop: () => void }> {
  const config = backendConfig(database, port, options.redis);
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, 'backend.ts'),
      '--config',
      config,
    ],
    {
      // Backstage looks for the monorepo root from here.
      cwd: path.resolve(__dirname, '../../..'),
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        ...options.env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  let exited: number | null = null;
  child.on('exit', code => {
    exited = code ?? -1;
  });
  const baseUrl = `http://localhost:${port}`;
  try {
    const get = (p: string) =>
      fetch(`${baseUrl}${p}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
    await waitUntilReady(
      'backend',
      180_000,
      async () => (await fetch(`${baseUrl}/.backstage/health/v1/readiness`)).ok,
      () => exited !== null,
    );
    const expected = size.components;
    if (options.waitForCatalog === false) {
      return { child, baseUrl, stop: () => child.kill('SIGTERM') };
    }
    await waitUntilReady(
      'catalog',
      15 * 60_000,
      async () => {
        const response = await get(
          '/api/catalog/entities/by-query?filter=kind=component&limit=1',
        );
        const body = await response.json();
        return body.totalItems >= expected;
      },
      () => exited !== null,
    );
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return {
    child,
    baseUrl,
    stop: () => child.kill('SIGTERM'),
  };
}

/** Peak resident memory of a process, from the kernel's high-water mark. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}
