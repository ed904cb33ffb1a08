import { Knex } from 'knex';
import {
  DurationBreakdown,
  DurationStats,
  SEVERITIES,
} from '@quality-pulse/plugin-quality-common';
import { toNullableNumber, toNumber } from '../database/normalise';
import { percentileContSql } from './percentile';

export const NO_DURATIONS: DurationStats = {
  count: 0,
  medianMs: null,
  p90Ms: null,
  meanMs: null,
};

/**
 * Median, p90, mean and count per group, in one query. `grouped` selects a
 * `grp` label and a `value` in milliseconds; every label gets its own stats.
 */
export async function durationStatsPerGroup(
  db: Knex,
  grouped: Knex.QueryBuilder | Knex.Raw,
  /** Common table expressions `grouped` reads from, defined first. */
  ctes: Record<string, Knex.QueryBuilder | Knex.Raw> = {},
): Promise<Map<string, DurationStats>> {
  const withCtes = Object.entries(ctes).reduce(
    (query, [name, cte]) => query.with(name, cte),
    db.queryBuilder(),
  );
  const rows: Array<{
    grp: string;
    cnt: unknown;
    median: unknown;
    p90: unknown;
    mean: unknown;
  }> = await (db.client.dialect === 'postgresql'
    ? // The same interpolation, built in: small sorts per group instead of
      // one sort of every group's values and two window passes over it.
      withCtes
        .with('grouped', grouped)
        .from('grouped')
        .groupBy('grp')
        .select(
          'grp',
          db.raw('COUNT(*) AS cnt'),
          db.raw(
            'percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS median',
          ),
          db.raw('percentile_cont(0.9) WITHIN GROUP (ORDER BY value) AS p90'),
          db.raw('AVG(value) AS mean'),
        )
    : withCtes
        .with('grouped', grouped)
        .with(
          'ranked',
          db.raw(`
          SELECT grp, value,
            ROW_NUMBER() OVER (PARTITION BY grp ORDER BY value) - 1 AS rn,
            COUNT(*) OVER (PARTITION BY grp) AS cnt
          FROM grouped`),
        )
        .from('ranked')
        .groupBy('grp')
        .select(
          'grp',
          db.raw('MAX(cnt) AS cnt'),
          db.raw(`${percentileContSql(50)} AS median`),
          db.raw(`${percentileContSql(90)} AS p90`),
          db.raw('AVG(value) AS mean'),
        ));
  return new Map(
    rows.map(row => [
      row.grp,
      {
        count: toNumber(row.cnt),
        medianMs: roundMs(row.median),
        p90Ms: roundMs(row.p90),
        meanMs: roundMs(row.mean),
      },
    ]),
  );
}

/**
 * Durations for all severities, for P0+P1 and per severity. `durations`
 * selects `severity` and `value` (ms).
 */
export async function durationBreakdown(
  db: Knex,
  durations: Knex.QueryBuilder,
): Promise<DurationBreakdown> {
  const byGroup = await durationStatsPerGroup(
    db,
    db.raw(`
      SELECT severity AS grp, value FROM durations
      UNION ALL SELECT 'overall' AS grp, value FROM durations
      UNION ALL SELECT 'critical' AS grp, value FROM durations WHERE severity IN ('P0', 'P1')`),
    { durations },
  );
  return {
    overall: byGroup.get('overall') ?? NO_DURATIONS,
    critical: byGroup.get('critical') ?? NO_DURATIONS,
    bySeverity: SEVERITIES.map(severity => ({
      severity,
      ...(byGroup.get(severity) ?? NO_DURATIONS),
    })),
  };
}

/** Interpolation and averages yield fractions of a millisecond; nobody needs them. */
function roundMs(value: unknown): number | null {
  const number = toNullableNumber(value);
  return number === null ? null : Math.round(number);
}
