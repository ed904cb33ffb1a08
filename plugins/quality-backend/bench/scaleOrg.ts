/*
 * The scale benchmark's synthetic org (issue 9): 500 groups three levels deep
 * (divisions, departments, squads), 5,000 components, and two years of bugs
 * with status history, incidents, post-mortems and deployments, written
 * through the real provider upsert path in provider-sized pages. The same
 * sizes give the same data on every run: each kind has its own random stream.
 */
import { Entity } from '@backstage/catalog-model';
import {
  BugHistoryEntry,
  NormalisedBug,
  NormalisedIncident,
} from '@quality-pulse/plugin-quality-node';
import { Severity } from '@quality-pulse/plugin-quality-common';
import { Knex } from 'knex';
import { QualityItemStore } from '../src/database/QualityItemStore';
import { DAY, random } from './syntheticOrg';

/** The day the synthetic history ends; fixed, so runs compare. */
export const SCALE_NOW = Date.UTC(2026, 10, 24, 12);
const HORIZON_DAYS = 730;
/** A provider's page: what one upsert call carries. */
export const PAGE = 500;

export interface ScaleSize {
  divisions: number;
  departmentsPerDivision: number;
  squads: number;
  components: number;
  bugs: number;
  incidents: number;
  postmortems: number;
  deployments: number;
  /**
   * Days of bug history; two years by default. The growth run keeps the
   * rate of bugs and lengthens the history: 3M bugs over six years.
   */
  bugHistoryDays?: number;
}

/** The org: 10 + 90 + 400 = 500 groups, 5,000 components. */
export const FULL_SCALE: ScaleSize = {
  divisions: 10,
  departmentsPerDivision: 9,
  squads: 400,
  components: 5_000,
  bugs: 1_000_000,
  incidents: 100_000,
  postmortems: 20_000,
  deployments: 200_000,
};

/** The same shape, every count divided (at least one of each). */
export function scaledDown(divisor: number): ScaleSize {
  const part = (n: number) => Math.max(1, Math.round(n / divisor));
  return {
    divisions: Math.max(1, Math.round(10 / Math.sqrt(divisor))),
    departmentsPerDivision: 3,
    squads: part(400),
    components: part(5_000),
    bugs: part(1_000_000),
    incidents: part(100_000),
    postmortems: part(20_000),
    deployments: part(200_000),
  };
}

export function scaleCatalog(size: ScaleSize): {
  groups: Entity[];
  components: Entity[];
} {
  const group = (name: string, type: string, parent?: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type, ...(parent ? { parent } : {}), children: [] },
  });
  const groups: Entity[] = [];
  const departments: string[] = [];
  for (let d = 0; d < size.divisions; d++) {
    groups.push(group(`division-${d}`, 'division'));
    for (let k = 0; k < size.departmentsPerDivision; k++) {
      const name = `department-${d}-${k}`;
      departments.push(name);
      groups.push(group(name, 'department', `division-${d}`));
    }
  }
  for (let s = 0; s < size.squads; s++) {
    groups.push(
      group(`squad-${s}`, 'team', departments[s % departments.length]),
    );
  }
  const components = Array.from(
    { length: size.components },
    (_, i): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `service-${i}`,
        namespace: 'default',
        annotations: { 'jira/project-key': `S${i}` },
      },
      spec: {
        owner: `group:default/squad-${i % size.squads}`,
        type: 'service',
        lifecycle: i % 10 === 9 ? 'experimental' : 'production',
      },
    }),
  );
  return { groups, components };
}

export function componentRefs(size: ScaleSize): string[] {
  return Array.from(
    { length: size.components },
    (_, i) => `component:default/service-${i}`,
  );
}

const BUG_SEVERITIES: Severity[] = [
  'P0',
  'P1',
  'P2',
  'P2',
  'P3',
  'P3',
  'P3',
  'P4',
  'unclassified',
];

/**
 * Skewed towards the first services, as real trackers are: with 5,000
 * services the busiest holds about 1.4 % of all bugs (14,000 of a million),
 * the median a few dozen.
 */
function skewedEntity(next: () => number, refs: string[]): string {
  const r = next();
  return refs[Math.min(refs.length - 1, Math.floor(refs.length * r * r))];
}

/** The bug with this number, as a provider would page it; `revision` > 0 is a later change. */
export function syntheticBug(
  i: number,
  refs: string[],
  revision = 0,
  historyDays = HORIZON_DAYS,
): NormalisedBug {
  // One stream per bug: bug i is the same whatever else was generated.
  const next = random(0x9e3779b1 ^ Math.imul(i + 1, 2654435761));
  const entityRef = skewedEntity(next, refs);
  let severity = BUG_SEVERITIES[Math.floor(next() * BUG_SEVERITIES.length)];
  const opened = SCALE_NOW - next() * historyDays * DAY;
  const history: BugHistoryEntry[] = [
    { at: new Date(opened), status: 'open', severity, entityRef },
  ];
  let at = opened;
  if (next() < 0.05) {
    at += next() * 3 * DAY;
    severity = severity === 'P3' ? 'P2' : 'P3';
    if (at < SCALE_NOW) {
      history.push({ at: new Date(at), status: 'open', severity, entityRef });
    }
  }
  const fixed = at + next() * 40 * DAY;
  if (fixed < SCALE_NOW && next() < 0.9) {
    history.push({
      at: new Date(fixed),
      status: 'closed',
      severity,
      entityRef,
    });
    const reopened = fixed + next() * 10 * DAY;
    if (next() < 0.08 && reopened < SCALE_NOW) {
      history.push({
        at: new Date(reopened),
        status: 'open',
        severity,
        entityRef,
      });
      const again = reopened + next() * 5 * DAY;
      if (again < SCALE_NOW && next() < 0.6) {
        history.push({
          at: new Date(again),
          status: 'closed',
          severity,
          entityRef,
        });
      }
    }
  }
  const escaped = next() < 0.2;
  if (revision > 0) {
    // A later sync sees the bug changed: reopened or closed a day after its last entry.
    const last = history[history.length - 1];
    const changedAt = Math.min(
      SCALE_NOW + revision * 60_000,
      last.at.getTime() + DAY,
    );
    history.push({
      at: new Date(Math.max(changedAt, last.at.getTime())),
      status: last.status === 'open' ? 'closed' : 'open',
      severity: last.severity,
      entityRef,
    });
  }
  return {
    externalId: `BUG-${i}`,
    title: revision > 0 ? `Bug ${i} (revised ${revision})` : `Bug ${i}`,
    url: `https://jira.example.com/browse/BUG-${i}`,
    escaped,
    history,
  };
}

export function syntheticIncident(
  i: number,
  refs: string[],
): NormalisedIncident {
  const next = random(0x85ebca6b ^ Math.imul(i + 1, 2246822519));
  const severity = (['P0', 'P1', 'P1', 'P2', 'P2', 'P3'] as const)[
    Math.floor(next() * 6)
  ];
  const startedAt = SCALE_NOW - next() * HORIZON_DAYS * DAY;
  const ack = startedAt + next() * 20 * 60_000;
  const restore = Math.exp(Math.log(3 * 3_600_000) + (next() - 0.5) * 3);
  const resolved = startedAt + restore < SCALE_NOW && next() < 0.99;
  return {
    externalId: `INC-${i}`,
    entityRef: skewedEntity(next, refs),
    title: `Incident ${i}`,
    severity,
    startedAt: new Date(startedAt),
    acknowledgedAt: ack < SCALE_NOW ? new Date(ack) : undefined,
    resolvedAt: resolved ? new Date(startedAt + restore) : undefined,
  };
}

export interface IngestFigures {
  kind: string;
  items: number;
  seconds: number;
}

/**
 * Writes everything in pages of PAGE through `QualityItemStore`, reporting
 * after each kind. Memory stays at one page: nothing is kept but counters.
 */
export async function writeScaleData(
  db: Knex,
  size: ScaleSize,
  onProgress: (
    kind: string,
    done: number,
    total: number,
  ) => void | Promise<void> = () => {},
): Promise<IngestFigures[]> {
  const refs = componentRefs(size);
  const figures: IngestFigures[] = [];
  const timed = async (
    kind: string,
    total: number,
    writePage: (from: number, to: number) => Promise<void>,
  ) => {
    const started = process.hrtime.bigint();
    for (let from = 0; from < total; from += PAGE) {
      const to = Math.min(total, from + PAGE);
      await writePage(from, to);
      await onProgress(kind, to, total);
    }
    figures.push({
      kind,
      items: total,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    });
  };
  const range = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, k) => from + k);

  const jira = new QualityItemStore(db, 'jira', { now: () => SCALE_NOW });
  await timed('bugs', size.bugs, (from, to) =>
    jira.upsertBugs(
      range(from, to).map(i => syntheticBug(i, refs, 0, size.bugHistoryDays)),
    ),
  );

  const pagerduty = new QualityItemStore(db, 'pagerduty', {
    now: () => SCALE_NOW,
  });
  await timed('incidents', size.incidents, (from, to) =>
    pagerduty.upsertIncidents(
      range(from, to).map(i => syntheticIncident(i, refs)),
    ),
  );

  // Post-mortem n documents incident 5n (one in five), most within a week.
  const step = Math.max(
    1,
    Math.floor(size.incidents / Math.max(1, size.postmortems)),
  );
  await timed('post-mortems', size.postmortems, (from, to) =>
    pagerduty.upsertPostmortems(
      range(from, to).map(n => {
        const incident = syntheticIncident((n * step) % size.incidents, refs);
        const next = random(0x27d4eb2f ^ Math.imul(n + 1, 374761393));
        const settled = (incident.resolvedAt ?? incident.startedAt).getTime();
        return {
          externalId: `PM-${incident.externalId}`,
          entityRef: incident.entityRef,
          title: `Post-mortem of ${incident.externalId}`,
          url: `https://wiki.example.com/${incident.externalId}`,
          publishedAt: new Date(
            Math.min(SCALE_NOW, settled + next() * 9 * DAY),
          ),
          complete: next() < 0.7,
          subjects: [
            { kind: 'incident' as const, externalId: incident.externalId },
          ],
        };
      }),
    ),
  );

  const ci = new QualityItemStore(db, 'ci', { now: () => SCALE_NOW });
  await timed('deployments', size.deployments, (from, to) =>
    ci.upsertDeployments(
      range(from, to).map(i => {
        const next = random(0xc2b2ae35 ^ Math.imul(i + 1, 3266489917));
        return {
          externalId: `deploy-${i}`,
          entityRef: refs[i % refs.length],
          deployedAt: new Date(SCALE_NOW - next() * HORIZON_DAYS * DAY),
          remediation: next() < 0.1,
        };
      }),
    ),
  );
  return figures;
}
