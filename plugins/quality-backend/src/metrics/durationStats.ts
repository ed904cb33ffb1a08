import { Knex } from 'knex';
import {
  DurationBreakdown,
  DurationStats,
  SEVERITIES,
} from '@quality-pulse/plugin-quality-common';
import { toNullableNumber, toNumber } from '../database/normalise';
import { percentileContSql } from './percentile';

const EMPTY: DurationStats = { count: 0, medianMs: null, p90Ms: null, meanMs: null };

/**
 * Median, p90, mean and count of durations for all severities, for P0+P1 and
 * per severity, in one query. `durations` selects `severity` and `value` (ms).
 */
export async function durationBreakdown(
  db: Knex,
  durations: Knex.QueryBuilder,
): Promise<DurationBreakdown> {
  const rows: Array<{ grp: string; cnt: unknown; median: unknown; p90: unknown; mean: unknown }> =
    await db
      .with('durations', durations)
      .with(
        'grouped',
        db.raw(`
          SELECT severity AS grp, value FROM durations
          UNION ALL SELECT 'overall' AS grp, value FROM durations
          UNION ALL SELECT 'critical' AS grp, value FROM durations WHERE severity IN ('P0', 'P1')`),
      )
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
      );
  const byGroup = new Map<string, DurationStats>(
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
  return {
    overall: byGroup.get('overall') ?? EMPTY,
    critical: byGroup.get('critical') ?? EMPTY,
    bySeverity: SEVERITIES.map(severity => ({ severity, ...(byGroup.get(severity) ?? EMPTY) })),
  };
}

/** Interpolation and averages yield fractions of a millisecond; nobody needs them. */
function roundMs(value: unknown): number | null {
  const number = toNullableNumber(value);
  return number === null ? null : Math.round(number);
}
