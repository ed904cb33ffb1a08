/*
 * Cache soak benchmark (issue 17): does the backend's heap stay flat while
 * data keeps arriving? 10,000 writes through the store (each moves the data
 * version, as a sync page does), each followed by a read from one of 50
 * callers — org overview, a squad summary or a service summary — against
 * the quality plugin with Backstage's default (in-memory) cache.
 *
 *   npm run bench:soak
 *   npm run bench:soak -- --compare /path/to/other/checkout/plugins/quality-backend/src/plugin.ts
 *
 * With --compare, the same soak runs twice, each in a fresh process — this
 * checkout's plugin and the other one — and the heaps are printed side by side.
 *
 * The heap is measured after a forced GC (node --expose-gc) every 500
 * writes; the client runs in the same process and keeps nothing.
 */
import { cacheServiceFactory } from '@backstage/backend-defaults/cache';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory from 'knex';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import request from 'supertest';
import { QualityItemStore } from '../src/database/QualityItemStore';
import {
  DAY,
  loadSyntheticData,
  machineLine,
  NOW,
  syntheticOrganisation,
} from './syntheticOrg';

const WRITES = Number(process.env.SOAK_WRITES ?? 10_000);
const CALLERS = 50;
const SAMPLE_EVERY = 500;
const WARM_UP = 2_000;

function heapMb(): number {
  (global as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

type Sample = { writes: number; heapMb: number };

/** One soak against the plugin at `pluginPath`; returns the heap samples and seconds taken. */
async function soak(pluginPath: string) {
  const loaded = await import(pluginPath);
  const qualityPlugin = loaded.qualityPlugin ?? loaded.default?.qualityPlugin;
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const { entities, entityRefs } = syntheticOrganisation({
    entities: 400,
    squads: 40,
    departments: 8,
  });
  const backend = await startTestBackend({
    features: [
      qualityPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.database.factory({ knex }),
      cacheServiceFactory,
      mockServices.rootConfig.factory({
        data: { quality: { postmortems: { documents: { enabled: false } } } },
      }),
    ],
  });
  await loadSyntheticData(knex, entityRefs, {
    bugs: 20_000,
    incidents: 2_000,
    deployments: 4_000,
  });

  const store = new QualityItemStore(knex, 'soak', { now: () => NOW });
  const reads = [
    () => '/v1/org/overview',
    (i: number) => `/v1/groups/default/squad-${i % 40}/summary`,
    (i: number) => `/v1/entities/component/default/service-${i % 400}/summary`,
  ];
  const samples: Sample[] = [];
  const started = Date.now();
  for (let i = 0; i < WRITES; i++) {
    await store.upsertBugs([
      {
        externalId: `SOAK-${i % 2_000}`,
        title: `Soak bug ${i}`,
        escaped: i % 7 === 0,
        history: [
          {
            at: new Date(NOW - (i % 30) * DAY),
            status: 'open',
            severity: i % 3 === 0 ? 'P2' : 'P3',
            entityRef: entityRefs[i % entityRefs.length],
          },
        ],
      },
    ]);
    const response = await request(backend.server)
      .get(`/api/quality${reads[i % reads.length](i)}`)
      .set(
        'authorization',
        mockCredentials.user.header(`user:default/caller-${i % CALLERS}`),
      );
    if (response.status !== 200) {
      throw new Error(`read ${i} answered ${response.status}`);
    }
    if ((i + 1) % SAMPLE_EVERY === 0) {
      samples.push({ writes: i + 1, heapMb: heapMb() });
    }
  }
  const seconds = (Date.now() - started) / 1000;
  await backend.stop();
  await knex.destroy();
  return { samples, seconds };
}

function growth(samples: Sample[]) {
  const after = samples.filter(s => s.writes > WARM_UP);
  const first = after[0];
  const last = after[after.length - 1];
  return {
    text: `${first.heapMb.toFixed(1)} → ${last.heapMb.toFixed(1)} MB`,
    perThousand:
      ((last.heapMb - first.heapMb) / (last.writes - first.writes)) * 1000,
  };
}

/** Runs this script on one plugin in a fresh process, for a clean heap. */
function soakInChild(pluginPath: string) {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, __filename, '--one', pluginPath],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (child.status !== 0) throw new Error(`the soak of ${pluginPath} failed`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as {
    samples: Sample[];
    seconds: number;
  };
}

async function main() {
  if (!(global as { gc?: () => void }).gc) {
    throw new Error('run with node --expose-gc (npm run bench:soak does)');
  }
  const args = process.argv.slice(2);
  if (args[0] === '--one') {
    console.log(JSON.stringify(await soak(resolve(args[1]))));
    return;
  }
  const here = resolve(__dirname, '../src/plugin.ts');
  const runs = [{ name: 'this checkout', ...soakInChild(here) }];
  if (args[0] === '--compare') {
    runs.push({ name: `compared (${args[1]})`, ...soakInChild(args[1]) });
  }
  console.log(
    `# Cache soak: ${WRITES} writes, each followed by a read from one of ${CALLERS} callers`,
  );
  console.log(`${machineLine()}, ${new Date().toISOString().slice(0, 10)}`);
  console.log();
  console.log(
    `| writes | ${runs
      .map(r => `${r.name}: heap after GC (MB)`)
      .join(' | ')} |`,
  );
  console.log(`|---:|${runs.map(() => '---:|').join('')}`);
  runs[0].samples.forEach((sample, i) => {
    console.log(
      `| ${sample.writes} | ${runs
        .map(r => r.samples[i].heapMb.toFixed(1))
        .join(' | ')} |`,
    );
  });
  console.log();
  for (const run of runs) {
    const { text, perThousand } = growth(run.samples);
    console.log(
      `${
        run.name
      }: after warm-up (${WARM_UP} writes) ${text}, ${perThousand.toFixed(
        2,
      )} MB per 1,000 writes; ${run.seconds.toFixed(0)} s`,
    );
  }
}

// The test backend leaves timers behind; the figures are printed, so end here.
main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
