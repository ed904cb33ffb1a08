import { Knex } from 'knex';
import {
  LOW_CONFIDENCE_DENOMINATOR,
  Ratio,
  RootCauseCoverage,
} from '@quality-pulse/plugin-quality-common';
import { Organisation } from '../catalog/organisation';
import { groupScope, INCIDENT_IDENTITY } from './incidents';
import { toNumber } from '../database/normalise';
import { TimeWindow } from './window';
import { DAY_MS } from '../time';

/** Turns counts into a Ratio that always carries its parts (PRODUCT.md: small samples are flagged). */
export function ratioOf(counts: {
  numerator: unknown;
  denominator: unknown;
}): Ratio {
  const n = toNumber(counts.numerator ?? 0);
  const d = toNumber(counts.denominator ?? 0);
  return {
    numerator: n,
    denominator: d,
    rate: d === 0 ? null : n / d,
    lowConfidence: d < LOW_CONFIDENCE_DENOMINATOR,
  };
}

/**
 * A ratio of flagged rows to all rows of a table whose time column falls in
 * the window, with the rollup that counts both per entity and UTC day.
 */
interface FlagRatio {
  table: string;
  time: string;
  flag: string;
  days: { table: string; total: string; flagged: string };
}

/** Escaped defect rate (PRODUCT.md): escaped bugs created in the window ÷ all bugs created in it. */
export const ESCAPED_BUGS: FlagRatio = {
  table: 'quality_bugs',
  time: 'created_at',
  flag: 'escaped',
  days: { table: 'quality_bug_days', total: 'created', flagged: 'escaped' },
};

/** Rework rate (DORA 2024): remediation deployments ÷ all deployments in the window. */
export const REMEDIATION_DEPLOYMENTS: FlagRatio = {
  table: 'quality_deployments',
  time: 'deployed_at',
  flag: 'remediation',
  days: {
    table: 'quality_deployment_days',
    total: 'deployments',
    flagged: 'remediations',
  },
};

/**
 * Selects `numerator` and `denominator` of a flag ratio; callers may group it
 * by `entity_ref` (and then ask for `all` entities, keeping the ones they want). The whole UTC days inside the window are added up from
 * the day rollup and only the two part days at its ends are counted from the
 * items, so the cost follows the window's days, not the number of items.
 */
export function flagRatioQuery(
  db: Knex,
  ratio: FlagRatio,
  entityRefs: string[] | 'all',
  window: TimeWindow,
): Knex.QueryBuilder {
  const of = (query: Knex.QueryBuilder) =>
    entityRefs === 'all' ? query : query.whereIn('entity_ref', entityRefs);
  const items = (from: number, to: number) =>
    of(db(ratio.table))
      .where(ratio.time, '>=', from)
      .where(ratio.time, '<', to)
      .select(
        'entity_ref',
        db.raw(`CASE WHEN ${ratio.flag} IS TRUE THEN 1 ELSE 0 END AS flagged`),
        db.raw('1 AS total'),
      );
  const firstDay = Math.ceil(window.start / DAY_MS);
  const endDay = Math.floor(window.end / DAY_MS);
  const counted =
    firstDay >= endDay
      ? items(window.start, window.end)
      : of(db(ratio.days.table))
          .where('day', '>=', firstDay)
          .where('day', '<', endDay)
          .select(
            'entity_ref',
            `${ratio.days.flagged} AS flagged`,
            `${ratio.days.total} AS total`,
          )
          .unionAll([
            items(window.start, firstDay * DAY_MS),
            items(endDay * DAY_MS, window.end),
          ]);
  return db
    .from(counted.as('counted'))
    .select(
      db.raw('SUM(flagged) AS numerator'),
      db.raw('SUM(total) AS denominator'),
    );
}

export async function escapedDefectRate(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Promise<Ratio> {
  const [row] = await flagRatioQuery(db, ESCAPED_BUGS, entityRefs, window);
  return ratioOf(row ?? {});
}

export async function reworkRate(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Promise<Ratio> {
  const [row] = await flagRatioQuery(
    db,
    REMEDIATION_DEPLOYMENTS,
    entityRefs,
    window,
  );
  return ratioOf(row ?? {});
}

/**
 * Root-cause coverage (PRODUCT.md): of the escaped bugs created and the P0/P1
 * incidents started in the window, the share with a linked post-mortem that
 * is complete — assessed as having all four sections and a concrete action.
 * A post-mortem nobody assessed does not cover anything (issue 18): those
 * subjects are counted apart, as linked but not assessed. An incident that hit
 * several of the entities counts once.
 */
export async function rootCauseCoverage(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Promise<RootCauseCoverage> {
  const row = await db
    .from(
      coveredSubjects(
        db,
        rootCauseSubjects(db, entityRefs, window),
        entityRefs,
      ).as('c'),
    )
    .first(...coverageColumns(db));
  return coverageOf(row ?? {});
}

/** Root-cause coverage of each entity at once, for scorecards; entities without subjects are absent. */
export async function rootCauseCoverageByEntity(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Promise<Map<string, RootCauseCoverage>> {
  const rows = await db
    .from(
      coveredSubjects(
        db,
        rootCauseSubjects(db, entityRefs, window),
        entityRefs,
        ['entity_ref'],
      ).as('c'),
    )
    .groupBy('entity_ref')
    .select('entity_ref', ...coverageColumns(db));
  return new Map(rows.map(row => [row.entity_ref, coverageOf(row)]));
}

/** Root-cause coverage of every group of the org, each incident once per group. */
export async function rootCauseCoverageByGroup(
  db: Knex,
  org: Organisation,
  window: TimeWindow,
): Promise<Map<string, RootCauseCoverage>> {
  const scope = groupScope(db, org);
  if (!scope) return new Map();
  const subjects = db
    .from(rootCauseSubjects(db, org.allEntityRefs(), window).as('r'))
    .join('scope as g', 'g.entity_ref', 'r.entity_ref')
    .select('g.group_ref', 'r.*');
  const rows = await db
    .with('scope', scope)
    .from(
      coveredSubjects(db, subjects, org.allEntityRefs(), ['group_ref']).as('c'),
    )
    .groupBy('group_ref')
    .select('group_ref', ...coverageColumns(db));
  return new Map(rows.map(row => [row.group_ref, coverageOf(row)]));
}

/** Escaped bugs and P0/P1 incidents of the window: kind, source, external_id, entity_ref and the subject's identity. */
function rootCauseSubjects(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Knex.QueryBuilder {
  return db
    .select(
      db.raw("'bug' AS kind"),
      'source',
      'external_id',
      'entity_ref',
      db.raw('external_id AS identity'),
    )
    .from('quality_bugs')
    .whereIn('entity_ref', entityRefs)
    .whereRaw('escaped IS TRUE')
    .where('created_at', '>=', window.start)
    .where('created_at', '<', window.end)
    .unionAll(qb =>
      qb
        .select(
          db.raw("'incident' AS kind"),
          'i.source',
          'i.external_id',
          'i.entity_ref',
          db.raw(`${INCIDENT_IDENTITY} AS identity`),
        )
        .from('quality_incidents as i')
        .whereIn('i.entity_ref', entityRefs)
        .whereIn('i.severity', ['P0', 'P1'])
        .where('i.started_at', '>=', window.start)
        .where('i.started_at', '<', window.end),
    );
}

/**
 * Each subject once (grouped by `by` too): covered when a complete
 * post-mortem of any of its rows' entities documents it, not assessed when
 * only post-mortems nobody assessed do. A post-mortem of one service never
 * documents another's items (issue 17).
 *
 * The post-mortems are joined from the scope's entities (their index), not
 * tested per subject: PostgreSQL hashed that test over every post-mortem of
 * the org, so a squad's coverage cost what the org's history held.
 */
function coveredSubjects(
  db: Knex,
  subjects: Knex.QueryBuilder,
  entityRefs: string[],
  by: string[] = [],
): Knex.QueryBuilder {
  const documents = db('quality_postmortems as p')
    .join('quality_postmortem_subjects as ps', 'ps.postmortem_id', 'p.id')
    .whereIn('p.entity_ref', entityRefs)
    .select(
      'ps.subject_kind',
      'ps.subject_source',
      'ps.subject_external_id',
      'p.entity_ref',
      'p.complete',
    );
  const mine = by.map(column => `s.${column}`);
  return db
    .from(subjects.as('s'))
    .leftJoin(documents.as('d'), join =>
      join
        .on('d.subject_kind', 's.kind')
        .andOn('d.subject_source', 's.source')
        .andOn('d.subject_external_id', 's.external_id')
        .andOn('d.entity_ref', 's.entity_ref'),
    )
    .groupBy(...mine, 's.kind', 's.source', 's.identity')
    .select(
      ...mine,
      db.raw('MAX(CASE WHEN d.complete IS TRUE THEN 1 ELSE 0 END) AS covered'),
      db.raw(
        'MAX(CASE WHEN d.entity_ref IS NOT NULL AND d.complete IS NULL THEN 1 ELSE 0 END) AS unassessed',
      ),
    );
}

function coverageColumns(db: Knex): Knex.Raw[] {
  return [
    db.raw('SUM(covered) AS numerator'),
    db.raw('COUNT(*) AS denominator'),
    db.raw(
      'SUM(CASE WHEN covered = 0 AND unassessed = 1 THEN 1 ELSE 0 END) AS not_assessed',
    ),
  ];
}

function coverageOf(row: {
  numerator?: unknown;
  denominator?: unknown;
  not_assessed?: unknown;
}): RootCauseCoverage {
  return {
    ...ratioOf({ numerator: row.numerator, denominator: row.denominator }),
    linkedNotAssessed: toNumber(row.not_assessed ?? 0),
  };
}
