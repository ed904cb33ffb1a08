import { randomUUID } from 'node:crypto';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  FOLLOW_UP_OUTCOMES,
  FollowUpOutcome,
} from '@quality-pulse/plugin-quality-common';
import { Knex } from 'knex';
import {
  requireActionStatus,
  requireDay,
  requireHttpUrl,
  requireOwnerRef,
  requireText,
  toNumber,
} from './normalise';
import { DAY_MS } from '../time';

/** A bash is a day or a few; a month-long "bash" is a backlog, not a ritual. */
const MAX_BASH_DAYS = 14;
/** Actions added in the portal: a re-read document never removes them. */
export const PORTAL_ACTION_PREFIX = 'portal-';

export interface NewBugBash {
  title: unknown;
  label: unknown;
  start: unknown;
  end: unknown;
}

/**
 * What squads record in the portal to close the learning loop: post-mortem
 * actions, four-week reviews and bug-bashes. Input is checked here, so a bad
 * field is a 400 naming it and nothing is written.
 */
export class LearningLoopStore {
  constructor(private readonly db: Knex) {}

  /** The entity a post-mortem belongs to, for the caller's visibility check; undefined when there is none. */
  async entityOfPostmortem(postmortemId: number): Promise<string | undefined> {
    const row = await this.db('quality_postmortems')
      .where('id', postmortemId)
      .first('entity_ref');
    return row?.entity_ref;
  }

  /** The entity an action's post-mortem belongs to; undefined when there is no such action. */
  async entityOfAction(actionId: number): Promise<string | undefined> {
    const row = await this.db('quality_postmortem_actions as a')
      .join('quality_postmortems as p', 'p.id', 'a.postmortem_id')
      .where('a.id', actionId)
      .first('p.entity_ref');
    return row?.entity_ref;
  }

  /** Adds an action in the portal (a tool's post-mortem has no list we can read). */
  async addAction(
    postmortemId: number,
    input: { text: unknown; owner?: unknown; due?: unknown; fixUrl?: unknown },
    now: number,
  ): Promise<number> {
    const [row] = await this.db('quality_postmortem_actions')
      .insert({
        postmortem_id: postmortemId,
        action_key: `${PORTAL_ACTION_PREFIX}${randomUUID()}`,
        text: requireText(input.text, 'text', 2048).trim(),
        owner_ref: optional(input.owner, v => requireOwnerRef(v, 'owner')),
        due_date: optional(input.due, v => requireDay(v, 'due')),
        fix_url: optional(input.fixUrl, v => requireHttpUrl(v, 'fixUrl')),
        status: 'open',
        vague: false,
        updated_at: now,
      })
      .returning('id');
    return toNumber(typeof row === 'object' ? row.id : row);
  }

  /** Status and fix link change in the portal; `null` clears the link. */
  async updateAction(
    actionId: number,
    input: { status?: unknown; fixUrl?: unknown },
    now: number,
  ): Promise<void> {
    const changes: Record<string, unknown> = { updated_at: now };
    if (input.status !== undefined) {
      const status = requireActionStatus(input.status, 'status');
      changes.status = status;
      changes.closed_on = closedOnWhenSet(this.db, status, now);
    }
    if (input.fixUrl !== undefined) {
      changes.fix_url =
        input.fixUrl === null || input.fixUrl === ''
          ? null
          : requireHttpUrl(input.fixUrl, 'fixUrl');
    }
    if (Object.keys(changes).length === 1) {
      throw new InputError('Give status or fixUrl to change');
    }
    await this.db('quality_postmortem_actions')
      .where('id', actionId)
      .update(changes);
  }

  /** Records (or corrects) the four-week follow-up review of a post-mortem. */
  async recordFollowUpReview(
    postmortemId: number,
    input: { outcome: unknown; notes?: unknown },
    now: number,
  ): Promise<void> {
    const review = requireReview(input);
    await this.db('quality_postmortem_reviews')
      .insert({ postmortem_id: postmortemId, ...review, recorded_at: now })
      .onConflict('postmortem_id')
      .merge();
  }

  /** Plans a bash for a squad. Returns its id. */
  async createBugBash(
    groupRef: string,
    input: NewBugBash,
    now: number,
  ): Promise<number> {
    const start = requireDay(input.start, 'start');
    const end = requireDay(input.end, 'end');
    const days = (Date.parse(end) - Date.parse(start)) / DAY_MS + 1;
    if (days < 1) {
      throw new InputError('end must be on or after start');
    }
    if (days > MAX_BASH_DAYS) {
      throw new InputError(
        `end must be at most ${MAX_BASH_DAYS} days after start`,
      );
    }
    const [row] = await this.db('quality_bug_bashes')
      .insert({
        group_ref: groupRef,
        title: requireText(input.title, 'title', 200).trim(),
        label: requireText(input.label, 'label')
          .trim()
          .toLocaleLowerCase('en-US'),
        start_date: start,
        end_date: end,
        created_at: now,
      })
      .returning('id');
    return toNumber(typeof row === 'object' ? row.id : row);
  }

  async recordBugBashReview(
    groupRef: string,
    bashId: number,
    input: { outcome: unknown; notes?: unknown },
    now: number,
  ): Promise<void> {
    const review = requireReview(input);
    const updated = await this.db('quality_bug_bashes')
      .where({ id: bashId, group_ref: groupRef })
      .update({
        review_outcome: review.outcome,
        review_notes: review.notes,
        review_recorded_at: now,
      });
    if (updated === 0) {
      throw new NotFoundError(`No bug-bash ${bashId} for ${groupRef}`);
    }
  }
}

function requireReview(input: { outcome: unknown; notes?: unknown }): {
  outcome: FollowUpOutcome;
  notes: string | null;
} {
  if (!FOLLOW_UP_OUTCOMES.includes(input.outcome as FollowUpOutcome)) {
    throw new InputError(
      `outcome must be one of ${FOLLOW_UP_OUTCOMES.join(', ')}; got "${String(
        input.outcome,
      )}"`,
    );
  }
  return {
    outcome: input.outcome as FollowUpOutcome,
    notes:
      input.notes === undefined || input.notes === null || input.notes === ''
        ? null
        : requireText(input.notes, 'notes', 4000),
  };
}

function optional<T>(value: unknown, read: (v: unknown) => T): T | null {
  return value === undefined || value === null || value === ''
    ? null
    : read(value);
}

/** YYYY-MM-DD of a UTC instant: due dates are calendar days. */
export function utcDay(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}

/**
 * The `closed_on` of an action whose status is being set: kept when the
 * status does not change (ticking a done action again is not closing it
 * again, and an action first seen closed keeps its unknown day), the day of
 * `now` when it closes (done or dropped), none when it opens again.
 * "Actions closed on time" reads it.
 */
export function closedOnWhenSet(
  db: Knex,
  status: string,
  now: number,
): Knex.Raw {
  return status === 'open'
    ? db.raw('NULL')
    : db.raw(`CASE WHEN status = ? THEN closed_on ELSE ? END`, [
        status,
        utcDay(now),
      ]);
}
