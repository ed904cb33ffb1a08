import { Knex } from 'knex';
import { DurationBreakdown } from '@quality-pulse/plugin-quality-common';
import { durationBreakdown } from './durationStats';
import { resolvedIncidents } from './incidents';
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
