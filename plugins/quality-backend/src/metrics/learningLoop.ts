import { Knex } from 'knex';
import {
  FollowUpDue,
  FollowUpReview,
  OverdueAction,
  PostmortemAction,
  PostmortemAssessment,
  SquadLearning,
} from '@quality-pulse/plugin-quality-common';
import { utcDay } from '../database/LearningLoopStore';
import { toNumber } from '../database/normalise';
import { TimeWindow } from './window';
import { DAY_MS } from '../time';

/** The follow-up review comes four weeks after publication (PRODUCT.md). */
export const FOLLOW_UP_DAYS = 28;
/** Listed as due this long before the date, so the squad can plan it. */
export const FOLLOW_UP_NOTICE_DAYS = 7;
/**
 * A review this far past its date is dropped from the due list and the
 * checks: history imported from a tool must not bury a squad in old reviews.
 */
export const FOLLOW_UP_EXPIRY_DAYS = 90;
const LIST_LIMIT = 50;

export { utcDay };

function iso(value: unknown): string {
  return new Date(toNumber(value)).toISOString();
}

function reviewOf(row: {
  outcome: string | null;
  notes: string | null;
  recorded_at: unknown;
}): FollowUpReview | null {
  return row.outcome
    ? {
        outcome: row.outcome as FollowUpReview['outcome'],
        notes: row.notes,
        recordedAt: iso(row.recorded_at),
      }
    : null;
}

function actionOf(row: any, today: string): PostmortemAction {
  return {
    id: toNumber(row.id),
    text: row.text,
    owner: row.owner_ref,
    due: row.due_date,
    status: row.status,
    fixUrl: row.fix_url,
    vague: Boolean(row.vague),
    overdue:
      row.status === 'open' && row.due_date !== null && row.due_date < today,
  };
}

/** Actions, assessment and review of the listed post-mortems: three queries, whatever their number. */
export async function postmortemDetails(
  db: Knex,
  postmortemIds: number[],
  now: number,
): Promise<
  Map<
    number,
    {
      actions: PostmortemAction[];
      review: FollowUpReview | null;
    }
  >
> {
  const today = utcDay(now);
  const [actions, reviews] = await Promise.all([
    db('quality_postmortem_actions')
      .whereIn('postmortem_id', postmortemIds)
      .orderBy(['postmortem_id', 'id']),
    db('quality_postmortem_reviews').whereIn('postmortem_id', postmortemIds),
  ]);
  const details = new Map(
    postmortemIds.map(id => [
      id,
      {
        actions: [] as PostmortemAction[],
        review: null as FollowUpReview | null,
      },
    ]),
  );
  for (const row of actions) {
    details
      .get(toNumber(row.postmortem_id))
      ?.actions.push(actionOf(row, today));
  }
  for (const row of reviews) {
    const detail = details.get(toNumber(row.postmortem_id));
    if (detail) detail.review = reviewOf(row);
  }
  return details;
}

export function parseAssessment(value: unknown): PostmortemAssessment | null {
  if (typeof value !== 'string') return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

/** Post-mortems published between the expiry and the notice horizon, without a review. */
function followUpCandidates(db: Knex, entityRefs: string[], now: number) {
  return db('quality_postmortems as p')
    .leftJoin('quality_postmortem_reviews as r', 'r.postmortem_id', 'p.id')
    .whereIn('p.entity_ref', entityRefs)
    .whereNull('r.postmortem_id')
    .whereNotNull('p.published_at')
    .where(
      'p.published_at',
      '>=',
      now - (FOLLOW_UP_DAYS + FOLLOW_UP_EXPIRY_DAYS) * DAY_MS,
    );
}

/**
 * Per entity: open actions past their due date and follow-up reviews past
 * theirs. Two grouped queries; entities with neither are absent.
 */
export async function learningLoopByEntity(
  db: Knex,
  entityRefs: string[],
  now: number,
): Promise<Map<string, { overdueActions: number; overdueFollowUps: number }>> {
  const [actions, followUps] = await Promise.all([
    db('quality_postmortem_actions as a')
      .join('quality_postmortems as p', 'p.id', 'a.postmortem_id')
      .whereIn('p.entity_ref', entityRefs)
      .where('a.status', 'open')
      .where('a.due_date', '<', utcDay(now))
      .groupBy('p.entity_ref')
      .select('p.entity_ref', db.raw('COUNT(*) AS n')),
    followUpCandidates(db, entityRefs, now)
      .where('p.published_at', '<', now - FOLLOW_UP_DAYS * DAY_MS)
      .groupBy('p.entity_ref')
      .select('p.entity_ref', db.raw('COUNT(*) AS n')),
  ]);
  const result = new Map<
    string,
    { overdueActions: number; overdueFollowUps: number }
  >();
  const entry = (ref: string) => {
    const existing = result.get(ref) ?? {
      overdueActions: 0,
      overdueFollowUps: 0,
    };
    result.set(ref, existing);
    return existing;
  };
  actions.forEach(row => {
    entry(row.entity_ref).overdueActions = toNumber(row.n);
  });
  followUps.forEach(row => {
    entry(row.entity_ref).overdueFollowUps = toNumber(row.n);
  });
  return result;
}

/**
 * Learning-loop actions closed on time: of the actions of these entities'
 * post-mortems whose due day ends inside the window, the number done by the
 * end of that day (`numerator`) and the number that were due (`denominator`);
 * an action dropped by its due day was no longer expected and counts in
 * neither, one dropped later was not done in time. An action closed on a day
 * nobody recorded (closed before the day was kept, or closed when its source
 * first showed it) counts in neither: old work is not counted as late.
 */
export async function actionsClosedOnTime(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
): Promise<{ numerator: number; denominator: number }> {
  // Due days whose end falls in (start, end]: their end is the next midnight.
  const firstDue = utcDay(window.start);
  const lastDue = utcDay(window.end - DAY_MS);
  const row = await db('quality_postmortem_actions as a')
    .join('quality_postmortems as p', 'p.id', 'a.postmortem_id')
    .whereIn('p.entity_ref', entityRefs)
    .where('a.due_date', '>=', firstDue)
    .where('a.due_date', '<=', lastDue)
    .whereNot(q =>
      q.where('a.status', 'dropped').whereRaw('a.closed_on <= a.due_date'),
    )
    .whereNot(q => q.whereNot('a.status', 'open').whereNull('a.closed_on'))
    .first(
      db.raw(
        "SUM(CASE WHEN a.status = 'done' AND a.closed_on <= a.due_date THEN 1 ELSE 0 END) AS on_time",
      ),
      db.raw('COUNT(*) AS due'),
    );
  return {
    numerator: toNumber(row?.on_time ?? 0),
    denominator: toNumber(row?.due ?? 0),
  };
}

/** The squad tab's follow-up section: what is due, what is overdue, what was reviewed lately. */
export async function squadLearningLoop(
  db: Knex,
  entityRefs: string[],
  now: number,
): Promise<
  Pick<SquadLearning, 'followUpsDue' | 'overdueActions' | 'recentReviews'>
> {
  const today = utcDay(now);
  const [due, overdue, reviewed] = await Promise.all([
    followUpCandidates(db, entityRefs, now)
      .where(
        'p.published_at',
        '<',
        now - (FOLLOW_UP_DAYS - FOLLOW_UP_NOTICE_DAYS) * DAY_MS,
      )
      .select(
        'p.id',
        'p.entity_ref',
        'p.title',
        'p.url',
        'p.published_at',
        db.raw(
          `(SELECT COUNT(*) FROM quality_postmortem_actions a
            WHERE a.postmortem_id = p.id AND a.status = 'open') AS open_actions`,
        ),
      )
      .orderBy('p.published_at')
      .limit(LIST_LIMIT),
    db('quality_postmortem_actions as a')
      .join('quality_postmortems as p', 'p.id', 'a.postmortem_id')
      .whereIn('p.entity_ref', entityRefs)
      .where('a.status', 'open')
      .where('a.due_date', '<', today)
      .select(
        'a.*',
        'p.title as postmortem_title',
        'p.url as postmortem_url',
        'p.entity_ref',
      )
      .orderBy(['a.due_date', 'a.id'])
      .limit(LIST_LIMIT),
    db('quality_postmortem_reviews as r')
      .join('quality_postmortems as p', 'p.id', 'r.postmortem_id')
      .whereIn('p.entity_ref', entityRefs)
      .where('r.recorded_at', '>=', now - FOLLOW_UP_DAYS * DAY_MS)
      .select('p.id', 'p.title', 'p.url', 'p.entity_ref', 'r.*')
      .orderBy('r.recorded_at', 'desc')
      .limit(LIST_LIMIT),
  ]);
  return {
    followUpsDue: due.map((row): FollowUpDue => {
      const dueAt = toNumber(row.published_at) + FOLLOW_UP_DAYS * DAY_MS;
      return {
        postmortemId: toNumber(row.id),
        entityRef: row.entity_ref,
        title: row.title,
        url: row.url,
        publishedAt: iso(row.published_at),
        dueAt: iso(dueAt),
        overdue: dueAt < now,
        openActions: toNumber(row.open_actions),
      };
    }),
    overdueActions: overdue.map(
      (row): OverdueAction => ({
        ...actionOf(row, today),
        postmortemId: toNumber(row.postmortem_id),
        postmortemTitle: row.postmortem_title,
        postmortemUrl: row.postmortem_url,
        entityRef: row.entity_ref,
      }),
    ),
    recentReviews: reviewed.map(row => ({
      postmortemId: toNumber(row.postmortem_id),
      title: row.title,
      url: row.url,
      entityRef: row.entity_ref,
      review: reviewOf(row)!,
    })),
  };
}
