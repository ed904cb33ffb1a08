import { Knex } from 'knex';
import { DurationBreakdown } from '@quality-pulse/plugin-quality-common';
import { durationBreakdown } from './durationStats';
import { TimeWindow } from './window';

/**
 * MTTR (PRODUCT.md, "Metrics"): resolved − started of the incidents of these
 * entities resolved inside the window. Open incidents do not count: they have
 * no time to restore yet.
 */
export function mttr(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Promise<DurationBreakdown> {
  return durationBreakdown(
    db,
    db('quality_incidents')
      .select('severity', db.raw('resolved_at - started_at AS value'))
      .whereIn('entity_ref', entityRefs)
      .whereNotNull('resolved_at')
      .where('resolved_at', '>=', window.start)
      .where('resolved_at', '<', window.end),
  );
}
