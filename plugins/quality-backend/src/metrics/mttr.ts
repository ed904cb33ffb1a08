import { Knex } from 'knex';
import {
  MttrBySeverity,
  MttrStats,
  SEVERITIES,
} from '@quality-pulse/plugin-quality-common';
import { toNullableNumber, toNumber } from '../database/normalise';
import { percentileContSql } from './percentile';

/** A half-open time range [start, end) in epoch milliseconds. */
export interface TimeWindow {
  start: number;
  end: number;
}

export interface MttrResult {
  overall: MttrStats;
  critical: MttrStats;
  bySeverity: MttrBySeverity[];
}

const NO_INCIDENTS: MttrStats = { count: 0, medianMs: null, p90Ms: null };

/**
 * MTTR of one entity (PRODUCT.md, "Metrics"): resolved − started of the
 * incidents resolved inside the window, as median and p90, for all
 * severities, for P0+P1 (the headline) and per severity. Open incidents do
 * not count: they have no time to restore yet.
 */
export async function entityMttr(
  db: Knex,
  entityRef: string,
  window: TimeWindow,
): Promise<MttrResult> {
  const rows = await db.raw(
    `
    WITH resolved AS (
      SELECT severity, resolved_at - started_at AS value
      FROM quality_incidents
      WHERE entity_ref = ? AND resolved_at IS NOT NULL
        AND resolved_at >= ? AND resolved_at < ?
    ),
    grouped AS (
      SELECT severity AS grp, value FROM resolved
      UNION ALL SELECT 'overall' AS grp, value FROM resolved
      UNION ALL SELECT 'critical' AS grp, value FROM resolved WHERE severity IN ('P0', 'P1')
    ),
    ranked AS (
      SELECT grp, value,
        ROW_NUMBER() OVER (PARTITION BY grp ORDER BY value) - 1 AS rn,
        COUNT(*) OVER (PARTITION BY grp) AS cnt
      FROM grouped
    )
    SELECT grp, MAX(cnt) AS cnt,
      ${percentileContSql(50)} AS median,
      ${percentileContSql(90)} AS p90
    FROM ranked
    GROUP BY grp
    `,
    [entityRef, window.start, window.end],
  );
  // knex.raw returns the rows array on SQLite and a pg Result on PostgreSQL.
  const list: Array<{
    grp: string;
    cnt: unknown;
    median: unknown;
    p90: unknown;
  }> = Array.isArray(rows) ? rows : rows.rows;
  const byGroup = new Map(
    list.map(row => [
      row.grp,
      {
        count: toNumber(row.cnt),
        medianMs: roundMs(toNullableNumber(row.median)),
        p90Ms: roundMs(toNullableNumber(row.p90)),
      },
    ]),
  );
  return {
    overall: byGroup.get('overall') ?? NO_INCIDENTS,
    critical: byGroup.get('critical') ?? NO_INCIDENTS,
    bySeverity: SEVERITIES.map(severity => ({
      severity,
      ...(byGroup.get(severity) ?? NO_INCIDENTS),
    })),
  };
}

/** Interpolation yields fractions of a millisecond; nobody needs them. */
function roundMs(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}
