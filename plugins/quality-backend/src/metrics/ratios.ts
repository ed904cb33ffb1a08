import { Knex } from 'knex';
import { documentedBy } from './documentedBy';
import {
  LOW_CONFIDENCE_DENOMINATOR,
  Ratio,
} from '@quality-pulse/plugin-quality-common';
import { toNumber } from '../database/normalise';
import { TimeWindow } from './window';

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

/** A ratio of flagged rows to all rows of a table whose time column falls in the window. */
interface FlagRatio {
  table: string;
  time: string;
  flag: string;
}

/** Escaped defect rate (PRODUCT.md): escaped bugs created in the window ÷ all bugs created in it. */
export const ESCAPED_BUGS: FlagRatio = {
  table: 'quality_bugs',
  time: 'created_at',
  flag: 'escaped',
};

/** Rework rate (DORA 2024): remediation deployments ÷ all deployments in the window. */
export const REMEDIATION_DEPLOYMENTS: FlagRatio = {
  table: 'quality_deployments',
  time: 'deployed_at',
  flag: 'remediation',
};

/** Selects `numerator` and `denominator` of a flag ratio; callers may group it further. */
export function flagRatioQuery(
  db: Knex,
  ratio: FlagRatio,
  entityRefs: string[],
  window: TimeWindow,
): Knex.QueryBuilder {
  return db(ratio.table)
    .whereIn('entity_ref', entityRefs)
    .where(ratio.time, '>=', window.start)
    .where(ratio.time, '<', window.end)
    .select(
      db.raw(
        `SUM(CASE WHEN ${ratio.flag} IS TRUE THEN 1 ELSE 0 END) AS numerator`,
      ),
      db.raw('COUNT(*) AS denominator'),
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
 * incidents started in the window, the share with a linked post-mortem that is
 * complete. A post-mortem whose completeness has not been assessed counts; one
 * assessed as incomplete does not.
 */
export async function rootCauseCoverage(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Promise<Ratio> {
  const row = await db
    .from(rootCauseSubjects(db, entityRefs, window).as('s'))
    .first(...coverageColumns(db));
  return ratioOf(row ?? {});
}

/** Root-cause coverage of each entity at once, for scorecards; entities without subjects are absent. */
export async function rootCauseCoverageByEntity(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Promise<Map<string, Ratio>> {
  const rows = await db
    .from(rootCauseSubjects(db, entityRefs, window).as('s'))
    .groupBy('entity_ref')
    .select('entity_ref', ...coverageColumns(db));
  return new Map(rows.map(row => [row.entity_ref, ratioOf(row)]));
}

function rootCauseSubjects(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Knex.QueryBuilder {
  return db
    .select(db.raw("'bug' AS kind"), 'source', 'external_id', 'entity_ref')
    .from('quality_bugs')
    .whereIn('entity_ref', entityRefs)
    .whereRaw('escaped IS TRUE')
    .where('created_at', '>=', window.start)
    .where('created_at', '<', window.end)
    .unionAll(qb =>
      qb
        .select(
          db.raw("'incident' AS kind"),
          'source',
          'external_id',
          'entity_ref',
        )
        .from('quality_incidents')
        .whereIn('entity_ref', entityRefs)
        .whereIn('severity', ['P0', 'P1'])
        .where('started_at', '>=', window.start)
        .where('started_at', '<', window.end),
    );
}

function coverageColumns(db: Knex): Knex.Raw[] {
  return [
    db.raw('SUM(CASE WHEN ? THEN 1 ELSE 0 END) AS numerator', [
      documentedBy(db, 's', { condition: 'p.complete IS NOT FALSE' }),
    ]),
    db.raw('COUNT(*) AS denominator'),
  ];
}
