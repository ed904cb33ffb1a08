import {
  BugBash,
  BugBashBug,
  FollowUpOutcome,
} from '@quality-pulse/plugin-quality-common';
import { Knex } from 'knex';
import { toNumber } from '../database/normalise';
import { documentedBy } from './documentedBy';
import { FOLLOW_UP_DAYS, utcDay } from './learningLoop';
import { DAY_MS } from '../time';

const BASHES_SHOWN = 10;
const BUGS_SHOWN = 200;

/**
 * The squad's latest bashes with their closed loop: the bugs carrying the
 * bash's label created during it on the squad's services, which got a
 * root-cause note (a linked post-mortem) by the end of the last day, which
 * are fixed now, and the four-week review.
 */
export async function bugBashesOf(
  db: Knex,
  groupRef: string,
  entityRefs: string[],
): Promise<BugBash[]> {
  const bashes = await db('quality_bug_bashes')
    .where('group_ref', groupRef)
    .orderBy('start_date', 'desc')
    .limit(BASHES_SHOWN);
  return Promise.all(
    bashes.map(async bash => {
      const startMs = Date.parse(`${bash.start_date}T00:00:00Z`);
      const endMs = Date.parse(`${bash.end_date}T00:00:00Z`) + DAY_MS;
      const rows =
        entityRefs.length === 0
          ? []
          : await db('quality_bugs as b')
              .join('quality_bug_labels as l', 'l.bug_id', 'b.id')
              .where('l.label', bash.label)
              .whereIn('b.entity_ref', entityRefs)
              .where('b.created_at', '>=', startMs)
              .where('b.created_at', '<', endMs)
              .select(
                'b.source',
                'b.external_id',
                'b.title',
                'b.url',
                'b.entity_ref',
                'b.severity',
                'b.status',
                'b.escaped',
                db.raw('CASE WHEN ? THEN 1 ELSE 0 END AS noted', [
                  documentedBy(db, 'b', {
                    kind: 'bug',
                    condition: 'p.published_at < ?',
                    bindings: [endMs],
                  }),
                ]),
              )
              .orderBy(['b.created_at', 'b.id'])
              .limit(BUGS_SHOWN);
      const bugs = rows.map(
        (row): BugBashBug => ({
          source: row.source,
          externalId: row.external_id,
          title: row.title,
          url: row.url,
          entityRef: row.entity_ref,
          severity: row.severity,
          status: row.status,
          escaped: Boolean(row.escaped),
          rootCauseNoteByEndOfDay: toNumber(row.noted) === 1,
        }),
      );
      return {
        id: toNumber(bash.id),
        groupRef: bash.group_ref,
        title: bash.title,
        label: bash.label,
        start: bash.start_date,
        end: bash.end_date,
        found: bugs.length,
        withRootCauseNote: bugs.filter(b => b.rootCauseNoteByEndOfDay).length,
        fixed: bugs.filter(b => b.status === 'closed').length,
        stillOpen: bugs.filter(b => b.status === 'open').length,
        bugs,
        reviewDueOn: utcDay(endMs - DAY_MS + FOLLOW_UP_DAYS * DAY_MS),
        review: bash.review_outcome
          ? {
              outcome: bash.review_outcome as FollowUpOutcome,
              notes: bash.review_notes,
              recordedAt: new Date(
                toNumber(bash.review_recorded_at),
              ).toISOString(),
            }
          : null,
      };
    }),
  );
}
