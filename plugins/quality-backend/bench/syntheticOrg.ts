/*
 * The benchmarks' synthetic org: deterministic groups, components and items,
 * written through the real provider upsert path (QualityItemStore: validation,
 * bug history, burn-down rollup).
 */
import { Entity } from '@backstage/catalog-model';
import {
  BugHistoryEntry,
  NormalisedBug,
} from '@quality-pulse/plugin-quality-node';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { DEFAULT_CEILINGS } from '../src/metrics/qualityBudget';
import { readScorecardPolicy } from '../src/scorecards/definitions';
import { ScorecardEngine } from '../src/scorecards/ScorecardEngine';
import { Organisation } from '../src/catalog/organisation';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../src/database/migrations';
import { QualityItemStore } from '../src/database/QualityItemStore';
import { QualityStores } from '../src/database/QualityStores';
import { QualityMetrics } from '../src/metrics/QualityMetrics';

export const DAY = 24 * 60 * 60 * 1000;
export const NOW = Date.UTC(2026, 10, 24, 12);
const BATCH = 500;
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

export interface OrgSize {
  entities: number;
  squads: number;
  departments: number;
}

export interface DataSize {
  bugs: number;
  incidents: number;
  deployments: number;
  /** Post-mortems, each for one P0/P1 incident; 0 for none. */
  postmortems?: number;
}

/** Deterministic: the same data on every run. */
export function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

export function syntheticOrganisation(size: OrgSize): {
  org: Organisation;
  entityRefs: string[];
  /** The groups and components as the catalog holds them. */
  entities: Entity[];
} {
  const group = (name: string, type: string, parent?: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type, parent, children: [] },
  });
  const groups = [group('org', 'organization')];
  for (let d = 0; d < size.departments; d++)
    groups.push(group(`department-${d}`, 'department', 'org'));
  for (let s = 0; s < size.squads; s++)
    groups.push(
      group(`squad-${s}`, 'team', `department-${s % size.departments}`),
    );
  const components: Entity[] = Array.from(
    { length: size.entities },
    (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `service-${i}`, namespace: 'default' },
      spec: {
        owner: `squad-${i % size.squads}`,
        type: 'service',
        lifecycle: 'production',
      },
    }),
  );
  return {
    org: Organisation.fromEntities(groups, components),
    entityRefs: components.map(c => `component:default/${c.metadata.name}`),
    entities: [...groups, ...components],
  };
}

/** Writes the items; returns the seconds bugs and the rest took. */
export async function loadSyntheticData(
  db: Knex,
  entityRefs: string[],
  size: DataSize,
): Promise<{ bugSeconds: number; otherSeconds: number }> {
  const next = random(42);
  const pick = <T>(items: readonly T[]) =>
    items[Math.floor(next() * items.length)];
  const at = (daysAgo: number) => NOW - daysAgo * DAY;
  const jira = new QualityItemStore(db, 'jira');
  const pagerduty = new QualityItemStore(db, 'pagerduty');
  const github = new QualityItemStore(db, 'github');
  const started = Date.now();

  for (let offset = 0; offset < size.bugs; offset += BATCH) {
    const bugs: NormalisedBug[] = [];
    for (let i = offset; i < Math.min(size.bugs, offset + BATCH); i++) {
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

  const otherStarted = Date.now();
  const critical: Array<{ id: string; entityRef: string; resolvedAt: number }> =
    [];
  for (let offset = 0; offset < size.incidents; offset += BATCH) {
    const count = Math.min(BATCH, size.incidents - offset);
    await pagerduty.upsertIncidents(
      Array.from({ length: count }, (_, k) => {
        const i = offset + k;
        const startedAt = at(next() * HORIZON_DAYS);
        const restore = Math.exp(
          Math.log(3 * 60 * 60 * 1000) + (next() - 0.5) * 3,
        );
        const severity = pick(['P0', 'P1', 'P1', 'P2', 'P2', 'P3'] as const);
        const entityRef = entityRefs[i % entityRefs.length];
        const resolved = startedAt + restore < NOW;
        if (resolved && (severity === 'P0' || severity === 'P1')) {
          critical.push({
            id: `INC-${i}`,
            entityRef,
            resolvedAt: startedAt + restore,
          });
        }
        return {
          externalId: `INC-${i}`,
          entityRef,
          title: `Incident ${i}`,
          severity,
          startedAt: new Date(startedAt),
          resolvedAt: resolved ? new Date(startedAt + restore) : undefined,
        };
      }),
    );
  }
  const postmortems = critical.slice(0, size.postmortems ?? 0);
  for (let offset = 0; offset < postmortems.length; offset += BATCH) {
    await pagerduty.upsertPostmortems(
      postmortems.slice(offset, offset + BATCH).map(incident => ({
        externalId: `PM-${incident.id}`,
        entityRef: incident.entityRef,
        title: `Post-mortem of ${incident.id}`,
        url: `https://wiki.example.com/${incident.id}`,
        // Most within a week of the resolution, some late.
        publishedAt: new Date(
          Math.min(NOW, incident.resolvedAt + next() * 9 * DAY),
        ),
        subjects: [{ kind: 'incident' as const, externalId: incident.id }],
      })),
    );
  }
  for (let offset = 0; offset < size.deployments; offset += BATCH) {
    const count = Math.min(BATCH, size.deployments - offset);
    await github.upsertDeployments(
      Array.from({ length: count }, (_, k) => ({
        externalId: `deploy-${offset + k}`,
        entityRef: entityRefs[(offset + k) % entityRefs.length],
        deployedAt: new Date(at(next() * HORIZON_DAYS)),
        remediation: next() < 0.1,
      })),
    );
  }
  const otherSeconds = (Date.now() - otherStarted) / 1000;
  return { bugSeconds, otherSeconds };
}

/**
 * Runs `benchmark` on an in-memory SQLite and on a scratch PostgreSQL
 * database (when reachable), as BENCH_DATABASES selects; each starts migrated.
 */
export async function onBenchDatabases(
  benchmark: (name: string, db: Knex) => Promise<void>,
): Promise<void> {
  const wanted = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');
  if (wanted.includes('sqlite')) {
    const sqlite = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    await sqlite.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
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
    await pg.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
    await benchmark('PostgreSQL', pg);
    await pg.destroy();
    await admin.raw('DROP DATABASE quality_bench');
    await admin.destroy();
  }
}

/** p50/p95 of `runs` sequential calls, in milliseconds. */
export async function latency(
  runs: number,
  work: (i: number) => Promise<unknown>,
) {
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

export function machineLine(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const os = require('os') as typeof import('os');
  return `${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(
    os.totalmem() / 2 ** 30,
  )} GiB, Node ${process.version}`;
}

/** The scheduled task's engine with the default checks, as the benchmarks run it. */
export function benchScorecardEngine(db: Knex, now: () => number) {
  return new ScorecardEngine({
    stores: new QualityStores(db),
    metrics: new QualityMetrics(db),
    catalog: catalogServiceMock(),
    auth: mockServices.auth(),
    logger: mockServices.rootLogger({ level: 'warn' }),
    policy: readScorecardPolicy(new ConfigReader({})),
    defaultCeilings: DEFAULT_CEILINGS,
    windowDays: 90,
    now,
  });
}
