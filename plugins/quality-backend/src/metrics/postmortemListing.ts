import { Knex } from 'knex';
import {
  PostmortemListing,
  PostmortemSubject,
  Severity,
  SEVERITIES,
} from '@quality-pulse/plugin-quality-common';
import { toNullableNumber } from '../database/normalise';
import {
  FOLLOW_UP_DAYS,
  parseAssessment,
  postmortemDetails,
} from './learningLoop';
import { TimeWindow } from './window';
import { DAY_MS } from '../time';

/** The most a tab lists; older ones stay reachable through the tools that hold them. */
export const POSTMORTEM_LIST_LIMIT = 50;

interface PostmortemRow {
  id: number;
  source: string;
  external_id: string;
  title: string;
  url: string;
  published_at: unknown;
  complete: unknown;
  assessment: unknown;
  not_assessed_reason: string | null;
}

interface SubjectRow {
  postmortem_id: number;
  subject_kind: 'incident' | 'bug';
  subject_source: string;
  subject_external_id: string;
  title: string | null;
  url: string | null;
  severity: Severity | null;
}

/**
 * The entity's post-mortems published in the window, plus drafts without a
 * publication date, newest first, each with the incidents and bugs it
 * documents, its actions and its follow-up review. Four queries, whatever
 * the number of documents.
 */
export async function postmortemListing(
  db: Knex,
  entityRef: string,
  window: TimeWindow,
  now: number,
): Promise<PostmortemListing[]> {
  const documents: PostmortemRow[] = await db('quality_postmortems')
    .where('entity_ref', entityRef)
    .where(q =>
      q
        .whereNull('published_at')
        .orWhere(w =>
          w
            .where('published_at', '>=', window.start)
            .where('published_at', '<', window.end),
        ),
    )
    .select(
      'id',
      'source',
      'external_id',
      'title',
      'url',
      'published_at',
      'complete',
      'assessment',
      'not_assessed_reason',
    )
    .orderByRaw('published_at IS NULL DESC, published_at DESC, id')
    .limit(POSTMORTEM_LIST_LIMIT);
  if (documents.length === 0) {
    return [];
  }
  const details = await postmortemDetails(
    db,
    documents.map(d => d.id),
    now,
  );
  // Subjects are the entity's own items: another entity's titles never show here.
  const ownItem = (alias: string, kind: string) => (join: Knex.JoinClause) =>
    join
      .on('ps.subject_kind', '=', db.raw('?', [kind]))
      .andOn(`${alias}.source`, '=', 'ps.subject_source')
      .andOn(`${alias}.external_id`, '=', 'ps.subject_external_id')
      .andOn(`${alias}.entity_ref`, '=', db.raw('?', [entityRef]));
  const subjects: SubjectRow[] = await db('quality_postmortem_subjects as ps')
    .whereIn(
      'ps.postmortem_id',
      documents.map(d => d.id),
    )
    .leftJoin('quality_incidents as i', ownItem('i', 'incident'))
    .leftJoin('quality_bugs as b', ownItem('b', 'bug'))
    // A subject that is not one of the entity's items is not shown at all:
    // "not synced yet" and "another service's" must look the same (issue 17).
    .where(q => q.whereNotNull('i.id').orWhereNotNull('b.id'))
    .select(
      'ps.postmortem_id',
      'ps.subject_kind',
      'ps.subject_source',
      'ps.subject_external_id',
      db.raw('COALESCE(i.title, b.title) AS title'),
      db.raw('COALESCE(i.url, b.url) AS url'),
      db.raw('COALESCE(i.severity, b.severity) AS severity'),
    )
    .orderBy(['ps.postmortem_id', 'ps.subject_kind', 'ps.subject_external_id']);

  const subjectsOf = new Map<number, PostmortemSubject[]>();
  for (const row of subjects) {
    const list = subjectsOf.get(row.postmortem_id) ?? [];
    list.push({
      kind: row.subject_kind,
      source: row.subject_source,
      externalId: row.subject_external_id,
      title: row.title,
      url: row.url,
      severity: row.severity,
    });
    subjectsOf.set(row.postmortem_id, list);
  }
  return documents.map(document => {
    const linked = subjectsOf.get(document.id) ?? [];
    const publishedAt = toNullableNumber(document.published_at);
    const detail = details.get(document.id);
    return {
      id: document.id,
      source: document.source,
      externalId: document.external_id,
      title: document.title,
      url: document.url,
      publishedAt:
        publishedAt === null ? null : new Date(publishedAt).toISOString(),
      complete:
        document.complete === null || document.complete === undefined
          ? null
          : Boolean(document.complete),
      severity: highestSeverity(linked.map(s => s.severity)),
      subjects: linked,
      assessment: parseAssessment(document.assessment),
      notAssessedReason: document.not_assessed_reason ?? null,
      actions: detail?.actions ?? [],
      followUpDueAt:
        publishedAt === null
          ? null
          : new Date(publishedAt + FOLLOW_UP_DAYS * DAY_MS).toISOString(),
      review: detail?.review ?? null,
    };
  });
}

/** SEVERITIES is ordered from P0 down, unclassified last. */
function highestSeverity(severities: Array<Severity | null>): Severity | null {
  const ranks = severities
    .filter((s): s is Severity => s !== null)
    .map(s => SEVERITIES.indexOf(s));
  return ranks.length === 0 ? null : SEVERITIES[Math.min(...ranks)];
}
