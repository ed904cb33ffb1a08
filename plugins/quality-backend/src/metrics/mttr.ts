import { Knex } from 'knex';
import {
  DurationBreakdown,
  DurationStats,
} from '@quality-pulse/plugin-quality-common';
import { Organisation } from '../catalog/organisation';
import { durationBreakdown, durationStatsPerGroup } from './durationStats';
import {
  numberedGroupScope,
  resolvedIncidents,
  resolvedDurationsPerGroup,
} from './incidents';
import { TimeWindow } from './window';

/**
 * MTTR (PRODUCT.md, "Metrics"): resolved − started of the incidents of these
 * entities resolved inside the window, each incident once however many of
 * the entities it hit. Open incidents do not count: they have no time to
 * restore yet.
 */
export function mttr(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Promise<DurationBreakdown> {
  return durationBreakdown(
    db,
    db
      .from(resolvedIncidents(db, entityRefs, window).as('once'))
      .select('severity', db.raw('resolved_at - started_at AS value')),
  );
}

/**
 * MTTR of every group (or of some) at once. Percentiles do not add up, so each group's
 * incidents are ranked in SQL: a (group, entity) scope table joins the
 * incidents, each incident counts once per group, and every group gets its
 * own partition.
 */
export async function mttrPerGroup(
  db: Knex,
  org: Organisation,
  window: TimeWindow,
  /** Only these groups (default: all of the org). */
  groupRefs: Iterable<string> = org.groups.keys(),
): Promise<Map<string, DurationStats>> {
  const refs = [...groupRefs];
  const scope = numberedGroupScope(db, org, refs);
  if (!scope) {
    return new Map();
  }
  // Labels are numbers (2 × the group's number, + 1 for P0/P1): see numberedGroupScope.
  const byLabel = await durationStatsPerGroup(
    db,
    db.raw(`
      SELECT group_no * 2 AS grp, value FROM durations
      UNION ALL
      SELECT group_no * 2 + 1 AS grp, value FROM durations WHERE severity IN ('P0', 'P1')`),
    { scope, durations: resolvedDurationsPerGroup(db, window) },
  );
  const result = new Map<string, DurationStats>();
  for (const [label, stats] of byLabel) {
    const n = Number(label);
    result.set(`${refs[n >> 1]} ${n % 2 ? 'critical' : 'overall'}`, stats);
  }
  return result;
}
