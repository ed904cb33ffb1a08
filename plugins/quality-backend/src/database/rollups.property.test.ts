import { TestDatabases } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import { Knex } from 'knex';
import { SEVERITIES } from '@quality-pulse/plugin-quality-common';
import { QUARTER_MS } from './burnDownRollup';
import { QUALITY_MIGRATIONS_DIRECTORY } from './migrations';
import { QualityItemStore } from './QualityItemStore';
import { toNumber } from './normalise';
import { entityRollups } from '../metrics/entityRollups';
import { burnDownSeries } from '../metrics/burnDown';
import { calendarDays } from '../metrics/calendarDays';
import {
  openBugsAtEndOfDay,
  openBugTotalsAtEndOfDays,
} from '../metrics/openBugsOnDay';
import { TimeWindow, windowFromQuery } from '../metrics/window';
import {
  figuresFromScratch as fromScratch,
  openAt,
  openIntervals,
} from '../__testUtils__/figuresFromScratch';

jest.setTimeout(300_000);

/*
 * The rollups kept on write (open counts, days, burn-down deltas, entity
 * and incident versions) against the figures computed from scratch over the items, after
 * random histories of writes: reopenings, severity changes, moves between
 * entities, deletes and histories that arrive late (a re-sync that dates a
 * bug's entries before what was stored).
 */

const NOW = Date.UTC(2026, 10, 20, 13, 7, 11);
const MINUTE = 60 * 1000;
const ENTITIES = ['a', 'b', 'c'].map(n => `component:default/${n}`);
const SOURCES = ['jira', 'github'];

const minutesAgo = fc.integer({ min: 0, max: 45 * 24 * 60 });
const entity = fc.constantFrom(...ENTITIES);

const bug = fc.record({
  externalId: fc.constantFrom('B1', 'B2', 'B3', 'B4', 'B5'),
  escaped: fc.boolean(),
  history: fc
    .array(
      fc.record({
        ago: minutesAgo,
        status: fc.constantFrom('open' as const, 'closed' as const),
        severity: fc.constantFrom(...SEVERITIES),
        entityRef: entity,
      }),
      { minLength: 1, maxLength: 5 },
    )
    .map(entries => {
      const sorted = [...entries].sort((x, y) => y.ago - x.ago);
      return sorted.map((entry, i) => ({
        at: new Date(NOW - entry.ago * MINUTE),
        status: i === 0 ? ('open' as const) : entry.status,
        severity: entry.severity,
        entityRef: entry.entityRef,
      }));
    }),
});

const deployment = fc.record({
  externalId: fc.constantFrom('D1', 'D2', 'D3', 'D4'),
  entityRef: entity,
  ago: minutesAgo,
  remediation: fc.boolean(),
});

/** An incident whose title, timing, severity or entity may change between writes. */
const incident = fc.record({
  externalId: fc.constantFrom('I1', 'I2', 'I3'),
  entityRef: entity,
  title: fc.constantFrom('first title', 'revised title'),
  severity: fc.constantFrom('P0' as const, 'P3' as const),
  // Few values, so a rewrite often changes the title and nothing else.
  ago: fc.constantFrom(60, 24 * 60, 40 * 24 * 60),
  minutesToResolve: fc.option(fc.constantFrom(30, 90), { nil: undefined }),
});

const write = fc.oneof(
  fc.record({
    kind: fc.constant('bugs' as const),
    source: fc.constantFrom(...SOURCES),
    items: fc.array(bug, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('deployments' as const),
    source: fc.constantFrom(...SOURCES),
    items: fc.array(deployment, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('incidents' as const),
    source: fc.constantFrom(...SOURCES),
    items: fc.array(incident, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('retitle' as const),
    source: fc.constantFrom(...SOURCES),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    source: fc.constantFrom(...SOURCES),
    items: fc.subarray(['B1', 'B2', 'B3', 'D1', 'D2', 'I1', 'I2'], {
      minLength: 1,
    }),
  }),
);
type Write = typeof write extends fc.Arbitrary<infer T> ? T : never;

async function apply(db: Knex, w: Write) {
  const store = new QualityItemStore(db, w.source, { now: () => NOW });
  if (w.kind === 'bugs') {
    await store.upsertBugs(w.items.map(b => ({ ...b, title: b.externalId })));
  } else if (w.kind === 'deployments') {
    await store.upsertDeployments(
      w.items.map(d => ({
        externalId: d.externalId,
        entityRef: d.entityRef,
        deployedAt: new Date(NOW - d.ago * MINUTE),
        remediation: d.remediation,
      })),
    );
  } else if (w.kind === 'incidents') {
    await store.upsertIncidents(
      w.items.map(i => ({
        externalId: i.externalId,
        entityRef: i.entityRef,
        title: i.title,
        severity: i.severity,
        startedAt: new Date(NOW - i.ago * MINUTE),
        resolvedAt:
          i.minutesToResolve === undefined
            ? undefined
            : new Date(NOW - (i.ago - i.minutesToResolve) * MINUTE),
      })),
    );
  } else if (w.kind === 'retitle') {
    // A re-sync that brings the source's incidents back with new titles only.
    const stored = await db('quality_incidents').where('source', w.source);
    await store.upsertIncidents(
      stored.map(row => ({
        externalId: row.external_id,
        entityRef: row.entity_ref,
        title: `${row.title}, retitled`,
        severity: row.severity,
        startedAt: new Date(Number(row.started_at)),
        resolvedAt:
          row.resolved_at === null
            ? undefined
            : new Date(Number(row.resolved_at)),
      })),
    );
  } else {
    const ofKind = (prefix: string) =>
      w.items.filter(id => id.startsWith(prefix));
    for (const [kind, prefix] of [
      ['bugs', 'B'],
      ['deployments', 'D'],
      ['incidents', 'I'],
    ] as const) {
      if (ofKind(prefix).length) await store.deleteItems(kind, ofKind(prefix));
    }
  }
}

/** Incident rows by what MTTR reads, per entity (no titles): exactly when this changes, its incident version must. */
async function incidentEvidence(db: Knex): Promise<Map<string, string>> {
  return byEntity(
    await db('quality_incidents').select(
      'entity_ref',
      'source',
      'external_id',
      'severity',
      'started_at',
      'resolved_at',
    ),
  );
}

/**
 * What each entity's figures rest on, as stored rows (of some kinds only,
 * `bug` and `history` for bugs): if this changes, its version must.
 */
async function evidence(
  db: Knex,
  kinds?: string[],
): Promise<Map<string, string>> {
  const rows = [
    ...(await db('quality_incidents').select(
      'entity_ref',
      db.raw("'incident' AS k"),
      'source',
      'external_id',
      'title',
      'severity',
      'started_at',
      'resolved_at',
    )),
    ...(await db('quality_bugs').select(
      'entity_ref',
      db.raw("'bug' AS k"),
      'source',
      'external_id',
      'status',
      'severity',
      'escaped',
      'created_at',
    )),
    ...(await db('quality_bug_history as h')
      .join('quality_bugs as b', 'b.id', 'h.bug_id')
      .select(
        'h.entity_ref',
        db.raw("'history' AS k"),
        'b.source',
        'b.external_id',
        'h.seq',
        'h.status',
        'h.severity',
        'h.changed_at',
      )),
    ...(await db('quality_deployments').select(
      'entity_ref',
      db.raw("'deployment' AS k"),
      'source',
      'external_id',
      'deployed_at',
      'remediation',
    )),
  ];
  return byEntity(rows.filter(row => !kinds || kinds.includes(row.k)));
}

const KIND_EVIDENCE = {
  bugs: ['bug', 'history'],
  deployments: ['deployment'],
} as const;

function byEntity(rows: Array<{ entity_ref: string }>): Map<string, string> {
  const rowsOf = new Map<string, string[]>(ENTITIES.map(e => [e, []]));
  for (const row of rows) {
    rowsOf
      .get(row.entity_ref)!
      .push(JSON.stringify(Object.values(row).map(v => String(v))));
  }
  return new Map([...rowsOf].map(([e, r]) => [e, r.sort().join('\n')]));
}

type VersionKind = 'all' | 'incidents' | 'bugs' | 'deployments';

async function versions(
  db: Knex,
): Promise<Map<string, Record<VersionKind, number>>> {
  const rows = await db('quality_entity_versions').select();
  return new Map(
    rows.map(r => [
      r.entity_ref,
      {
        all: toNumber(r.version),
        incidents: toNumber(r.incident_version),
        bugs: toNumber(r.bug_version),
        deployments: toNumber(r.deployment_version),
      },
    ]),
  );
}

const WINDOWS: TimeWindow[] = [
  windowFromQuery({ windowDays: 1 }, { now: NOW, defaultDays: 30 }),
  windowFromQuery({ windowDays: 30 }, { now: NOW, defaultDays: 30 }),
  windowFromQuery(
    { from: '2026-10-09', to: '2026-11-12', timeZone: 'Asia/Kathmandu' },
    { now: NOW, defaultDays: 30 },
  ),
  windowFromQuery(
    { from: '2026-11-20', to: '2026-11-20' },
    { now: NOW, defaultDays: 30 },
  ),
];

describe('rollups kept on write', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'equal the figures computed from the items after random histories, on %p',
    async id => {
      const db = await databases.init(id);
      await db.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
      await fc.assert(
        fc.asyncProperty(
          fc.array(write, { minLength: 1, maxLength: 8 }),
          async writes => {
            for (const table of [
              'quality_bugs',
              'quality_deployments',
              'quality_incidents',
              'quality_bug_open_deltas',
              'quality_bug_open_counts',
              'quality_bug_days',
              'quality_deployment_days',
            ]) {
              await db(table).delete();
            }
            for (const w of writes) {
              const [before, incidentsBefore, versionsBefore] = [
                await evidence(db),
                await incidentEvidence(db),
                await versions(db),
              ];
              const kindsBefore = {
                bugs: await evidence(db, [...KIND_EVIDENCE.bugs]),
                deployments: await evidence(db, [...KIND_EVIDENCE.deployments]),
              };
              await apply(db, w);
              const [after, incidentsAfter, versionsAfter] = [
                await evidence(db),
                await incidentEvidence(db),
                await versions(db),
              ];
              const moved = (ref: string, of: VersionKind) =>
                (versionsAfter.get(ref)?.[of] ?? 0) >
                (versionsBefore.get(ref)?.[of] ?? 0);
              // No answer outlives the data under it: an entity whose rows
              // changed has a higher version.
              const changedButNotMoved = ENTITIES.filter(
                ref => before.get(ref) !== after.get(ref) && !moved(ref, 'all'),
              );
              expect(changedButNotMoved).toEqual([]);
              // The incident version moves exactly when what MTTR reads
              // changed: a new title alone leaves every MTTR kept.
              expect(ENTITIES.filter(ref => moved(ref, 'incidents'))).toEqual(
                ENTITIES.filter(
                  ref => incidentsBefore.get(ref) !== incidentsAfter.get(ref),
                ),
              );
              // The bug and deployment versions move with their kind's rows,
              // and a write of one kind leaves the other kinds' versions.
              for (const kind of ['bugs', 'deployments'] as const) {
                const kindAfter = await evidence(db, [...KIND_EVIDENCE[kind]]);
                expect(
                  ENTITIES.filter(
                    ref =>
                      kindsBefore[kind].get(ref) !== kindAfter.get(ref) &&
                      !moved(ref, kind),
                  ),
                ).toEqual([]);
                const ofOtherKind = w.kind !== kind && w.kind !== 'delete';
                const movedByOtherKind = ofOtherKind
                  ? ENTITIES.filter(ref => moved(ref, kind))
                  : [];
                expect(movedByOtherKind).toEqual([]);
              }
            }
            const history = await openIntervals(db);
            for (const window of WINDOWS) {
              // The burn-down: open bugs at the end of each day of the window.
              const days = calendarDays(window);
              const series = await burnDownSeries(db, ENTITIES, days);
              expect(series.map(point => point.total)).toEqual(
                days.starts.slice(1).map(q => openAt(history, q * QUARTER_MS)),
              );
              const rollups = await entityRollups(db, ENTITIES, window, NOW);
              const expected = await fromScratch(db, window, ENTITIES);
              for (const { ref, ...figures } of expected) {
                const { criticalAgeMinutes, ...counts } = rollups.get(ref)!;
                expect({ ref, ...counts }).toEqual({ ref, ...figures });
              }
            }
            // The pulse's "open yesterday".
            const day = Math.floor(NOW / 86_400_000) - 3;
            const atDayEnd = await openBugsAtEndOfDay(db, ENTITIES, day);
            for (const ref of ENTITIES) {
              const counted = Object.values(atDayEnd.get(ref) ?? {}).reduce(
                (n, c) => n + c,
                0,
              );
              expect({ ref, counted }).toEqual({
                ref,
                counted: openAt(
                  history.filter(h => h.entity_ref === ref),
                  (day + 1) * 86_400_000,
                ),
              });
            }
            // The trends' month ends: several days' totals in one pass.
            const monthEnds = [40, 20, 10, 3, 0].map(
              back => Math.floor(NOW / 86_400_000) - back,
            );
            expect(
              await openBugTotalsAtEndOfDays(db, ENTITIES, monthEnds),
            ).toEqual(
              monthEnds.map(d => openAt(history, (d + 1) * 86_400_000)),
            );
          },
        ),
        { numRuns: 40 },
      );
      await db.destroy();
    },
  );
});
