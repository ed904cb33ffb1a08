import { createHash, randomUUID } from 'node:crypto';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  FOLLOW_UP_OUTCOMES,
  FollowUpOutcome,
} from '@quality-pulse/plugin-quality-common';
import { NormalisedPostmortem } from '@quality-pulse/plugin-quality-node';
import { Knex } from 'knex';
import { QualityItemStore } from '../database/QualityItemStore';
import {
  requireActionStatus,
  requireDay,
  requireHttpUrl,
  requireOwnerRef,
  requireText,
  toNumber,
} from '../database/normalise';
import { documentToPostmortem } from '../postmortems/documentToPostmortem';
import { documentHomeOf } from '../postmortems/documentLocation';
import { readLinkedDocument } from '../postmortems/readDocument';

/** Post-mortems pasted in the portal are stored under this provider id. */
export const LINKED_SOURCE = 'portal';
/** Actions added in the portal: a re-read document never removes them. */
export const PORTAL_ACTION_PREFIX = 'portal-';

export interface LinkInput {
  url: unknown;
  title?: unknown;
  publishedAt?: unknown;
  subjects?: unknown;
}

/**
 * Stores a post-mortem link pasted in the UI. The subjects must be incidents
 * or bugs of the entity. A Markdown document in the entity's own repository
 * is read and assessed like the annotated ones; any other link is stored as
 * not assessed, without reading it, with the reason. Pasting the same URL on
 * the same entity again updates it; on another entity it is another link.
 */
export async function linkPostmortem(
  db: Knex,
  reader: UrlReaderService,
  entity: Entity,
  input: LinkInput,
  entityKinds?: string[],
): Promise<{ externalId: string; assessed: boolean; readError?: string }> {
  const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const url = requireHttpUrl(input.url, 'url');
  const title =
    input.title === undefined || input.title === ''
      ? undefined
      : requireText(input.title, 'title', 500);
  let publishedAt: Date | undefined;
  if (input.publishedAt !== undefined && input.publishedAt !== '') {
    publishedAt = new Date(
      `${requireDay(input.publishedAt, 'publishedAt')}T12:00:00Z`,
    );
  }
  const subjects = await requireSubjects(db, entityRef, input.subjects);

  const read = await readLinkedDocument(reader, url, documentHomeOf(entity));
  const document =
    'markdown' in read ? documentToPostmortem(read.markdown, url) : undefined;
  const externalId = `link-${createHash('sha256')
    .update(`${entityRef}\u0000${url}`)
    .digest('hex')
    .slice(0, 32)}`;
  const postmortem: NormalisedPostmortem = {
    externalId,
    entityRef,
    url,
    title: title ?? document?.title ?? url,
    publishedAt: publishedAt ?? document?.publishedAt,
    subjects,
    complete: document?.complete,
    assessment: document?.assessment,
    actions: document?.actions,
    notAssessedReason: 'notAssessed' in read ? read.notAssessed : undefined,
  };
  await new QualityItemStore(db, LINKED_SOURCE, {
    entityKinds,
  }).upsertPostmortems([postmortem]);
  return {
    externalId,
    assessed: document !== undefined,
    readError: 'notAssessed' in read ? read.notAssessed : undefined,
  };
}

async function requireSubjects(
  db: Knex,
  entityRef: string,
  value: unknown,
): Promise<NormalisedPostmortem['subjects']> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new InputError('subjects must be a list of incidents and bugs');
  }
  const subjects: NormalisedPostmortem['subjects'] = [];
  for (const [i, subject] of value.entries()) {
    const field = `subjects[${i}]`;
    if (subject?.kind !== 'incident' && subject?.kind !== 'bug') {
      throw new InputError(`${field}.kind must be incident or bug`);
    }
    const source = requireText(subject.source, `${field}.source`);
    const externalId = requireText(subject.externalId, `${field}.externalId`);
    const found = await db(
      subject.kind === 'incident' ? 'quality_incidents' : 'quality_bugs',
    )
      .where({ source, external_id: externalId, entity_ref: entityRef })
      .first('id');
    if (!found) {
      throw new InputError(
        `${field} names no ${subject.kind} ${source}:${externalId} of ${entityRef}`,
      );
    }
    subjects.push({ kind: subject.kind, source, externalId });
  }
  return subjects;
}

/** The entity a post-mortem belongs to, for the caller's visibility check; undefined when there is none. */
export async function entityOfPostmortem(
  db: Knex,
  postmortemId: number,
): Promise<string | undefined> {
  const row = await db('quality_postmortems')
    .where('id', postmortemId)
    .first('entity_ref');
  return row?.entity_ref;
}

/** The entity an action's post-mortem belongs to; undefined when there is no such action. */
export async function entityOfAction(
  db: Knex,
  actionId: number,
): Promise<string | undefined> {
  const row = await db('quality_postmortem_actions as a')
    .join('quality_postmortems as p', 'p.id', 'a.postmortem_id')
    .where('a.id', actionId)
    .first('p.entity_ref');
  return row?.entity_ref;
}

/** Adds an action in the portal (a tool's post-mortem has no list we can read). */
export async function addAction(
  db: Knex,
  postmortemId: number,
  input: { text: unknown; owner?: unknown; due?: unknown; fixUrl?: unknown },
  now: number,
): Promise<number> {
  const [row] = await db('quality_postmortem_actions')
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
export async function updateAction(
  db: Knex,
  actionId: number,
  input: { status?: unknown; fixUrl?: unknown },
  now: number,
): Promise<void> {
  const changes: Record<string, unknown> = { updated_at: now };
  if (input.status !== undefined) {
    changes.status = requireActionStatus(input.status, 'status');
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
  await db('quality_postmortem_actions').where('id', actionId).update(changes);
}

export function requireReview(input: { outcome: unknown; notes?: unknown }): {
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

/** Records (or corrects) the four-week follow-up review of a post-mortem. */
export async function recordFollowUpReview(
  db: Knex,
  postmortemId: number,
  input: { outcome: unknown; notes?: unknown },
  now: number,
): Promise<void> {
  const review = requireReview(input);
  await db('quality_postmortem_reviews')
    .insert({ postmortem_id: postmortemId, ...review, recorded_at: now })
    .onConflict('postmortem_id')
    .merge();
}

function optional<T>(value: unknown, read: (v: unknown) => T): T | null {
  return value === undefined || value === null || value === ''
    ? null
    : read(value);
}
