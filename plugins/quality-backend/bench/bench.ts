/*
 * Metrics benchmark (issue 3): loads 100,000 bugs and 10,000 incidents over 500
 * entities through the real upsert path, then prints p50/p95 latency of the
 * entity summary, squad summary and org overview on SQLite and PostgreSQL.
 *
 *   npm run bench                    both databases (PostgreSQL when reachable)
 *   BENCH_DATABASES=sqlite npm run bench
 *
 * Latency is the metrics layer with its SQL, without HTTP; the API adds
 * authentication and a catalog lookup on top.
 */
import { Entity } from '@backstage/catalog-model';
import {
  BugHistoryEntry,
  NormalisedBug,
} from '@quality-pulse/plugin-quality-node';
import knexFactory, { Knex } from 'knex';
import os from 'os';
import { Organisation } from '../src/catalog/organisation';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../src/database/migrations';
import { QualityItemStore } from '../src/database/QualityItemStore';
import { entitySummary } from '../src/metrics/entitySummary';
import { orgOverview } from '../src/metrics/orgOverview';
import { DEFAULT_CEILINGS } from '../src/metrics/qualityBudget';
import { squadSummary } from '../src/metrics/squadSummary';
import { TimeWindow } from '../src/metrics/window';

const ENTITIES = 500;
const SQUADS = 50;
const DEPARTMENTS = 5;
const BUGS = 100_000;
const INCIDENTS = 10_000;
const DEPLOYMENTS = 50_000;
const BATCH = 500;
const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 24, 12);
const HORIZON_DAYS = 365;
const SEVERITIES = [
  'P0',
  'P1',
  'P2',
  'P2',
  'P3',
  'P3',
  'P4',
  'unclassified',
] as const;

/** Deterministic: the same data on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function organisation(): { org: Organisation; entityRefs: string[] } {
  const group = (name: string, type: string, parent?: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type, parent, children: [] },
  });
  const groups = [group('org', 'organization')];
  for (let d = 0; d < DEPARTMENTS; d++)
    groups.push(group(`department-${d}`, 'department', 'org'));
  for (let s = 0; s < SQUADS; s++)
    groups.push(group(`squad-${s}`, 'team', `department-${s % DEPARTMENTS}`));
  const components: Entity[] = Array.from({ length: ENTITIES }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: `service-${i}`, namespace: 'default' },
    spec: {
      owner: `squad-${i % SQUADS}`,
      type: 'service',
      lifecycle: 'production',
    },
  }));
  return {
    org: Organisation.fromEntities(groups, components),
    entityRefs: components.map(c => `component:default/${c.metadata.name}`),
  };
}

async function load(db: Knex, entityRefs: string[]) {
  const next = random(42);
  const pick = <T>(items: readonly T[]) =>
    items[Math.floor(next() * items.length)];
  const at = (daysAgo: number) => NOW - daysAgo * DAY;
  const jira = new QualityItemStore(db, 'jira');
  const pagerduty = new QualityItemStore(db, 'pagerduty');
  const github = new QualityItemStore(db, 'github');
  const started = Date.now();

  for (let offset = 0; offset < BUGS; offset += BATCH) {
    const bugs: NormalisedBug[] = [];
    for (let i = offset; i < offset + BATCH; i++) {
      const entityRef = entityRefs[i % entityRefs.length];
      const severity = pick(SEVERITIES);
      const opened = at(next() * HORIZON_DAYS);
      const history: BugHistoryEntry[] = [
        { at: new Date(opened), status: 'open', severity, entityRef },
      ];
      const fixed = opened + next() * 40 * DAY;
      if (fixed < NOW && next() < 0.85) {
        history.push({
          at: new Date(fixed),
          status: 'closed',
          severity,
          entityRef,
        });
        const reopened = fixed + next() * 10 * DAY;
        if (next() < 0.08 && reopened < NOW) {
          history.push({
            at: new Date(reopened),
            status: 'open',
            severity,
            entityRef,
          });
        }
      }
      bugs.push({
        externalId: `BUG-${i}`,
        title: `Bug ${i}`,
        escaped: next() < 0.2,
        history,
      });
    }
    await jira.upsertBugs(bugs);
  }
  const bugSeconds = (Date.now() - started) / 1000;

  const incidentsStarted = Date.now();
  for (let offset = 0; offset < INCIDENTS; offset += BATCH) {
    await pagerduty.upsertIncidents(
      Array.from({ length: BATCH }, (_, k) => {
        const i = offset + k;
        const startedAt = at(next() * HORIZON_DAYS);
        const restore = Math.exp(
          Math.log(3 * 60 * 60 * 1000) + (next() - 0.5) * 3,
        );
        return {
          externalId: `INC-${i}`,
          entityRef: entityRefs[i % entityRefs.length],
          title: `Incident ${i}`,
          severity: pick(['P0', 'P1', 'P1', 'P2', 'P2', 'P3'] as const),
          startedAt: new Date(startedAt),
          resolvedAt:
            startedAt + restore < NOW
              ? new Date(startedAt + restore)
              : undefined,
        };
      }),
    );
  }
  for (let offset = 0; offset < DEPLOYMENTS; offset += BATCH) {
    await github.upsertDeployments(
      Array.from({ length: BATCH }, (_, k) => ({
        externalId: `deploy-${offset + k}`,
        entityRef: entityRefs[(offset + k) % entityRefs.length],
        deployedAt: new Date(at(next() * HORIZON_DAYS)),
        remediation: next() < 0.1,
      })),
    );
  }
  const otherSeconds = (Date.now() - incidentsStarted) / 1000;
  return { bugSeconds, otherSeconds };
}

async function latency(runs: number, work: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await work(i);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) =>
    times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
  return { p50: at(0.5), p95: at(0.95), runs };
}

async function benchmark(name: string, db: Knex) {
  const { org, entityRefs } = organisation();
  await db.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
  const loaded = await load(db, entityRefs);
  const window: TimeWindow = { start: NOW - 90 * DAY, end: NOW, days: 90 };
  const options = { window, now: NOW, defaultCeilings: DEFAULT_CEILINGS };
  const squads = [...org.groups.values()].filter(g => g.type === 'team');

  await entitySummary(db, entityRefs[0], window); // warm-up
  const results = {
    'entity summary': await latency(300, i =>
      entitySummary(db, entityRefs[(i * 37) % entityRefs.length], window),
    ),
    'squad summary': await latency(100, i =>
      squadSummary(db, org, squads[i % squads.length], options),
    ),
    'org overview': await latency(40, () => orgOverview(db, org, options)),
  };
  console.log(
    `\n${name}: ${BUGS.toLocaleString(
      'en',
    )} bugs loaded in ${loaded.bugSeconds.toFixed(1)} s ` +
      `(${Math.round(BUGS / loaded.bugSeconds).toLocaleString(
        'en',
      )} bugs/s with history and rollup); ` +
      `${INCIDENTS.toLocaleString(
        'en',
      )} incidents + ${DEPLOYMENTS.toLocaleString(
        'en',
      )} deployments in ${loaded.otherSeconds.toFixed(1)} s`,
  );
  console.log('| query | runs | p50 ms | p95 ms |');
  console.log('|---|---|---|---|');
  for (const [query, r] of Object.entries(results)) {
    console.log(
      `| ${query} | ${r.runs} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} |`,
    );
  }
}

async function main() {
  console.log(`Quality Pulse metrics benchmark — ${new Date().toISOString()}`);
  console.log(
    `${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(
      os.totalmem() / 2 ** 30,
    )} GiB, Node ${process.version}`,
  );
  console.log(
    `${ENTITIES} entities, ${SQUADS} squads in ${DEPARTMENTS} departments, window 90 days`,
  );
  const wanted = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');

  if (wanted.includes('sqlite')) {
    const sqlite = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    await benchmark('SQLite (better-sqlite3, in memory)', sqlite);
    await sqlite.destroy();
  }
  if (wanted.includes('postgres')) {
    const connection =
      process.env.BENCH_POSTGRES ?? 'postgresql://postgres@127.0.0.1:5432';
    const admin = knexFactory({
      client: 'pg',
      connection: `${connection}/postgres`,
    });
    try {
      await admin.raw('DROP DATABASE IF EXISTS quality_bench');
      await admin.raw('CREATE DATABASE quality_bench');
    } catch (error) {
      console.log(`\nPostgreSQL skipped: ${(error as Error).message}`);
      await admin.destroy();
      return;
    }
    const pg = knexFactory({
      client: 'pg',
      connection: `${connection}/quality_bench`,
    });
    await benchmark('PostgreSQL', pg);
    await pg.destroy();
    await admin.raw('DROP DATABASE quality_bench');
    await admin.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
