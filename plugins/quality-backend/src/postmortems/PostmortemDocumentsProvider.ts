import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  Entity,
  getEntitySourceLocation,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotModifiedError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  NormalisedPostmortem,
  QualityProvider,
  QualityProviderSyncContext,
} from '@quality-pulse/plugin-quality-node';
import { Knex } from 'knex';
import { documentToPostmortem, NamedSubject } from './documentToPostmortem';

/** Where an entity keeps its root-cause documents, relative to its catalog file or absolute. */
export const POSTMORTEMS_ANNOTATION = 'quality.backstage.io/postmortems';

export const POSTMORTEM_DOCUMENTS_PROVIDER_ID = 'postmortem-docs';

/** Documents are small; anything bigger is not a one-page root-cause note. */
const MAX_DOCUMENT_BYTES = 256 * 1024;

interface Cursor {
  etag: string;
  /** Some subject could not be found yet: read again next time instead of trusting the etag. */
  unresolved: boolean;
}

/**
 * Reads the Markdown root-cause documents of every entity annotated with
 * `quality.backstage.io/postmortems` through Backstage's UrlReader (the
 * service's repository, or its TechDocs folder), assesses each and stores it
 * with its actions. One scope per entity; the tree's etag is the cursor, so an
 * unchanged folder costs one conditional request.
 */
export class PostmortemDocumentsProvider implements QualityProvider {
  readonly id = POSTMORTEM_DOCUMENTS_PROVIDER_ID;
  readonly reads = ['postmortems'] as const;

  constructor(
    private readonly options: {
      reader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
      db: Knex;
    },
  ) {}

  async sync(context: QualityProviderSyncContext): Promise<void> {
    for (const entity of context.entities) {
      if (context.signal.aborted) return;
      const annotation = entity.metadata.annotations?.[POSTMORTEMS_ANNOTATION];
      if (!annotation) continue;
      const entityRef = stringifyEntityRef(entity);
      await context.runScope(
        entityRef,
        async (cursor, { sink }) => {
          const location = this.locationOf(entity, annotation);
          const previous = parseCursor(cursor);
          let tree;
          try {
            tree = await this.options.reader.readTree(location, {
              etag: previous?.unresolved ? undefined : previous?.etag,
              filter: path => /\.(md|markdown)$/i.test(path),
              signal: context.signal,
            });
          } catch (error) {
            if (error instanceof NotModifiedError) return cursor;
            throw error;
          }
          const postmortems: NormalisedPostmortem[] = [];
          let unresolved = false;
          for (const file of await tree.files()) {
            const content = await file.content();
            if (content.length > MAX_DOCUMENT_BYTES) continue;
            const document = documentToPostmortem(
              content.toString('utf8'),
              titleFromPath(file.path),
            );
            const subjects = await this.resolveSubjects(
              entityRef,
              document.subjects,
            );
            unresolved ||= subjects.length < document.subjects.length;
            postmortems.push({
              externalId: `${entityRef}:${file.path}`,
              entityRef,
              title: document.title,
              url: this.documentUrl(location, file.path),
              publishedAt: document.publishedAt,
              complete: document.complete,
              subjects,
              assessment: document.assessment,
              actions: document.actions,
            });
          }
          await sink.upsertPostmortems(postmortems);
          await sink.removeMissing(
            'postmortems',
            postmortems.map(p => p.externalId),
          );
          return JSON.stringify({ etag: tree.etag, unresolved } as Cursor);
        },
        { entityRefs: [entityRef] },
      );
    }
  }

  /** The page of one file: GitHub and GitLab show files under /blob/, folders under /tree/. */
  private documentUrl(location: string, path: string): string {
    const url = this.options.integrations.resolveUrl({
      url: path,
      base: `${location}/`,
    });
    const type = this.options.integrations.byUrl(location)?.type;
    return type === 'github' || type === 'gitlab'
      ? url.replace('/tree/', '/blob/')
      : url;
  }

  /** `./docs/postmortems` is resolved against the entity's source location, as TechDocs does. */
  private locationOf(entity: Entity, annotation: string): string {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(annotation)) return annotation;
    const source = getEntitySourceLocation(entity);
    const base =
      source.type === 'file'
        ? new URL(`file://${source.target}`).toString()
        : source.target;
    return this.options.integrations
      .resolveUrl({ url: annotation, base })
      .replace(/\/$/, '');
  }

  /**
   * A subject written `source:id` is kept as written; a bare id is looked up
   * among the entity's stored incidents or bugs (the store has the only
   * record of which tool holds it). Unknown ids are dropped until they sync.
   */
  private async resolveSubjects(
    entityRef: string,
    named: NamedSubject[],
  ): Promise<NormalisedPostmortem['subjects']> {
    const resolved: NormalisedPostmortem['subjects'] = [];
    for (const subject of named) {
      if (subject.source) {
        resolved.push(subject as Required<NamedSubject>);
        continue;
      }
      const table =
        subject.kind === 'incident' ? 'quality_incidents' : 'quality_bugs';
      const match = await this.options
        .db(table)
        .where({ external_id: subject.externalId })
        .orderByRaw('CASE WHEN entity_ref = ? THEN 0 ELSE 1 END', [
          entityRef.toLocaleLowerCase('en-US'),
        ])
        .first('source');
      if (match) {
        resolved.push({ ...subject, source: match.source });
      }
    }
    return resolved;
  }
}

function parseCursor(cursor: string | undefined): Cursor | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(cursor);
    return typeof parsed?.etag === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `2026-11-12-checkout-timeouts.md` → "2026-11-12 checkout timeouts". */
function titleFromPath(path: string): string {
  const name = path.split('/').pop() ?? path;
  return name.replace(/\.(md|markdown)$/i, '').replace(/[-_]+/g, ' ');
}
