import { createHash, randomUUID } from 'node:crypto';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
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

/** Post-mortems pasted in the portal are stored under this provider id. */
export const LINKED_SOURCE = 'portal';
/** Actions added in the portal: a re-read document never removes them. */
export const PORTAL_ACTION_PREFIX = 'portal-';
const READ_TIMEOUT_MS = 10_000;

export interface LinkInput {
  url: unknown;
  title?: unknown;
  publishedAt?: unknown;
  subjects?: unknown;
}

/**
 * Stores a post-mortem link pasted in the UI. The subjects must be incidents
 * or bugs of the entity. A Markdown document the backend can read (the
 * repository, TechDocs) is assessed like the annotated ones; any other link
 * is stored as not assessed. Pasting the same URL again updates it.
 */
export async function linkPostmortem(
  db: Knex,
  reader: UrlReaderService,
  entityRef: string,
  input: LinkInput,
): Promise<{ externalId: string; assessed: boolean; readError?: string }> {
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

  let read: ReturnType<typeof documentToPostmortem> | undefined;
  let readError: string | undefined;
  if (/\.(md|markdown)([?#].*)?$/i.test(url)) {
    try {
      const response = await reader.readUrl(url, {
        signal: AbortSignal.timeout(READ_TIMEOUT_MS),
      });
      read = documentToPostmortem(
        (await response.buffer()).toString('utf8'),
        url,
      );
    } catch (error) {
      readError = `Could not read the document: ${(error as Error).message}`;
    }
  }
  const externalId = `link-${createHash('sha256')
    .update(url)
    .digest('hex')
    .slice(0, 32)}`;
  const postmortem: NormalisedPostmortem = {
    externalId,
    entityRef,
    url,
    title: title ?? read?.title ?? url,
    publishedAt: publishedAt ?? read?.publishedAt,
    subjects,
    complete: read?.complete,
    assessment: read?.assessment,
    actions: read?.actions,
  };
  await new QualityItemStore(db, LINKED_SOURCE).upsertPostmortems([postmortem]);
  return { externalId, assessed: read !== undefined, readError };
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

/** The entity a post-mortem belongs to, for the caller's visibility check. */
export async function entityOfPostmortem(
  db: Knex,
  postmortemId: number,
): Promise<string> {
  const row = await db('quality_postmortems')
    .where('id', postmortemId)
    .first('entity_ref');
  if (!row) {
    throw new NotFoundError(`No post-mortem ${postmortemId}`);
  }
  return row.entity_ref;
}

export async function entityOfAction(
  db: Knex,
  actionId: number,
): Promise<{ entityRef: string; postmortemId: number }> {
  const row = await db('quality_postmortem_actions as a')
    .join('quality_postmortems as p', 'p.id', 'a.postmortem_id')
    .where('a.id', actionId)
    .first('p.entity_ref', 'p.id');
  if (!row) {
    throw new NotFoundError(`No action ${actionId}`);
  }
  return { entityRef: row.entity_ref, postmortemId: toNumber(row.id) };
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
