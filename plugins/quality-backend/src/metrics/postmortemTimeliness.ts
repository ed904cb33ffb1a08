import { Knex } from 'knex';
import { Organisation } from '../catalog/organisation';
import { toNumber } from '../database/normalise';
import { groupScope, INCIDENT_IDENTITY } from './incidents';
import { TimeWindow } from './window';
import { DAY_MS } from '../time';

/**
 * Whether the P0/P1 incidents resolved in a window got their post-mortem in
 * time: published within 5 working days of the resolution (issue 7).
 * `late`: the deadline passed and no post-mortem was published before it;
 * `pending`: the deadline has not passed and none is published yet — these
 * are the post-mortems due that the daily pulse lists.
 */
export interface PostmortemTimeliness {
  resolved: number;
  late: number;
  pending: number;
  /** Incidents with a published post-mortem, and the sum of their times to it: the mean adds up from entities to squads. */
  published: number;
  timeToPublishMsSum: number;
}

export const NO_TIMELINESS: PostmortemTimeliness = {
  resolved: 0,
  late: 0,
  pending: 0,
  published: 0,
  timeToPublishMsSum: 0,
};

/**
 * The end of the 5th working day after the day of resolution, in UTC:
 * Monday to Friday count, public holidays do not (no calendar is known).
 * From a weekday that is the same weekday a week later; from Saturday the
 * Friday after (6 days), from Sunday that Friday too (5 days). Day 0 of the
 * epoch was a Thursday, so (day + 3) % 7 numbers Monday as 0. Integer
 * division of bigints is exact on both PostgreSQL and SQLite.
 */
const DEADLINE_SQL = `((i.resolved_at / ${DAY_MS}) + CASE (i.resolved_at / ${DAY_MS} + 3) % 7 WHEN 5 THEN 6 WHEN 6 THEN 5 ELSE 7 END + 1) * ${DAY_MS}`;

/** P0/P1 incidents of these rows resolved in the window, with their deadline and first own post-mortem. */
function criticalIncidents(db: Knex, window: TimeWindow) {
  return db('quality_incidents as i')
    .whereIn('i.severity', ['P0', 'P1'])
    .whereNotNull('i.resolved_at')
    .where('i.resolved_at', '>=', window.start)
    .where('i.resolved_at', '<', window.end)
    .select(
      'i.entity_ref',
      'i.source',
      db.raw(`${INCIDENT_IDENTITY} AS identity`),
      'i.resolved_at',
      db.raw(`${DEADLINE_SQL} AS deadline`),
      // Only the incident's own entity's post-mortems count (issue 17).
      db.raw(`(
        SELECT MIN(p.published_at) FROM quality_postmortem_subjects ps
        JOIN quality_postmortems p ON p.id = ps.postmortem_id
        WHERE ps.subject_kind = 'incident'
          AND ps.subject_source = i.source
          AND ps.subject_external_id = i.external_id
          AND p.entity_ref = i.entity_ref
          AND p.published_at IS NOT NULL
      ) AS first_published`),
    );
}

function timelinessColumns(db: Knex, now: number) {
  return [
    db.raw('COUNT(*) AS resolved'),
    db.raw(
      `SUM(CASE WHEN deadline <= ? AND (first_published IS NULL OR first_published >= deadline) THEN 1 ELSE 0 END) AS late`,
      [now],
    ),
    db.raw(
      'SUM(CASE WHEN deadline > ? AND first_published IS NULL THEN 1 ELSE 0 END) AS pending',
      [now],
    ),
    db.raw(
      'SUM(CASE WHEN first_published IS NOT NULL THEN 1 ELSE 0 END) AS published',
    ),
    // A post-mortem written before the incident closed counts as zero time.
    db.raw(
      'SUM(CASE WHEN first_published > resolved_at THEN first_published - resolved_at ELSE 0 END) AS time_to_publish',
    ),
  ];
}

function timelinessOf(row: any): PostmortemTimeliness {
  return {
    resolved: toNumber(row.resolved),
    late: toNumber(row.late),
    pending: toNumber(row.pending),
    published: toNumber(row.published),
    timeToPublishMsSum: toNumber(row.time_to_publish),
  };
}

/** Timeliness per entity, one query; entities without P0/P1 incidents resolved in the window are absent. */
export async function postmortemTimelinessByEntity(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
  now: number,
): Promise<Map<string, PostmortemTimeliness>> {
  const rows = await db
    .from(
      criticalIncidents(db, window).whereIn('i.entity_ref', entityRefs).as('d'),
    )
    .groupBy('entity_ref')
    .select('entity_ref', ...timelinessColumns(db, now));
  return new Map(rows.map(row => [row.entity_ref, timelinessOf(row)]));
}

/**
 * Timeliness per group of the org, each incident once per group: its
 * post-mortem is in time when any affected entity's own one was.
 */
export async function postmortemTimelinessByGroup(
  db: Knex,
  org: Organisation,
  window: TimeWindow,
  now: number,
): Promise<Map<string, PostmortemTimeliness>> {
  const scope = groupScope(db, org);
  if (!scope) return new Map();
  const once = db
    .from(
      criticalIncidents(db, window)
        .whereIn('i.entity_ref', org.allEntityRefs())
        .as('d'),
    )
    .join('scope as g', 'g.entity_ref', 'd.entity_ref')
    .groupBy('g.group_ref', 'd.source', 'd.identity')
    .select(
      'g.group_ref',
      db.raw('MIN(d.resolved_at) AS resolved_at'),
      db.raw('MIN(d.deadline) AS deadline'),
      db.raw('MIN(d.first_published) AS first_published'),
    );
  const rows = await db
    .with('scope', scope)
    .from(once.as('o'))
    .groupBy('group_ref')
    .select('group_ref', ...timelinessColumns(db, now));
  return new Map(rows.map(row => [row.group_ref, timelinessOf(row)]));
}
