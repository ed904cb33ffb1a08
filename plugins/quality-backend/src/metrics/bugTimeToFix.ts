import { Knex } from 'knex';
import { DurationBreakdown } from '@quality-pulse/plugin-quality-common';
import { durationBreakdown } from './durationStats';
import { TimeWindow } from './window';

/**
 * Bug time to fix: from first report to final close, for the bugs whose final
 * close falls in the window, by their severity at close. A reopened bug counts
 * once, with its whole time open and closed until it stayed fixed; a bug that
 * is open again now is not fixed and does not count.
 */
export function bugTimeToFix(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Promise<DurationBreakdown> {
  return durationBreakdown(
    db,
    db('quality_bugs')
      .select(
        { severity: 'resolved_severity' },
        db.raw('resolved_at - created_at AS value'),
      )
      .whereIn('entity_ref', entityRefs)
      .where('status', 'closed')
      .where('resolved_at', '>=', window.start)
      .where('resolved_at', '<', window.end),
  );
}
