import { createHash } from 'node:crypto';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { NormalisedPostmortem } from '@quality-pulse/plugin-quality-node';
import { requireDay, requireHttpUrl, requireText } from '../database/normalise';
import { QualityStores } from '../database/QualityStores';
import { documentToPostmortem } from '../postmortems/documentToPostmortem';
import { documentHomeOf } from '../postmortems/documentLocation';
import { readLinkedDocument } from '../postmortems/readDocument';

/** Post-mortems pasted in the portal are stored under this provider id. */
export const LINKED_SOURCE = 'portal';

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
  stores: QualityStores,
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
  const subjects = await requireSubjects(stores, entityRef, input.subjects);

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
  await stores
    .items(LINKED_SOURCE, { entityKinds })
    .upsertPostmortems([postmortem]);
  return {
    externalId,
    assessed: document !== undefined,
    readError: 'notAssessed' in read ? read.notAssessed : undefined,
  };
}

async function requireSubjects(
  stores: QualityStores,
  entityRef: string,
  value: unknown,
): Promise<NormalisedPostmortem['subjects']> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new InputError('subjects must be a list of incidents and bugs');
  }
  const named = value.map((subject, i) => {
    const field = `subjects[${i}]`;
    if (subject?.kind !== 'incident' && subject?.kind !== 'bug') {
      throw new InputError(`${field}.kind must be incident or bug`);
    }
    return {
      field,
      kind: subject.kind as 'incident' | 'bug',
      source: requireText(subject.source, `${field}.source`),
      externalId: requireText(subject.externalId, `${field}.externalId`),
    };
  });
  const sources = await stores.subjects.sourcesOf(entityRef, named);
  for (const { field, kind, source, externalId } of named) {
    if (!sources.get(`${kind}:${externalId}`)?.includes(source)) {
      throw new InputError(
        `${field} names no ${kind} ${source}:${externalId} of ${entityRef}`,
      );
    }
  }
  return named.map(({ kind, source, externalId }) => ({
    kind,
    source,
    externalId,
  }));
}
