import {
  SchedulerServiceTaskScheduleDefinition,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  getEntitySourceLocation,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotModifiedError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  NormalisedPostmortem,
  QualityCursorSource,
  QualitySourceRun,
  QualitySourceScope,
} from '@quality-pulse/plugin-quality-node';
import { SubjectLookup } from '../database/postmortemSubjects';
import { documentToPostmortem, NamedSubject } from './documentToPostmortem';
import { documentHomeOf, isInsideHome } from './documentLocation';
import { MAX_DOCUMENT_BYTES, NOT_ASSESSED } from './documentLimits';

/** Where an entity keeps its root-cause documents, relative to its catalog file or absolute. */
export const POSTMORTEMS_ANNOTATION = 'quality.backstage.io/postmortems';

export const POSTMORTEM_DOCUMENTS_PROVIDER_ID = 'postmortem-docs';

/** A folder of post-mortems, not a dump: beyond this many documents the rest are not read. */
const MAX_DOCUMENTS_PER_FOLDER = 1_000;

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
/** An entity whose annotation names its post-mortem folder. */
interface AnnotatedEntity {
  entity: Entity;
  annotation: string;
}

export class PostmortemDocumentsProvider
  implements
    QualityCursorSource<AbortSignal, AnnotatedEntity, NormalisedPostmortem>
{
  readonly id = POSTMORTEM_DOCUMENTS_PROVIDER_ID;
  readonly reads = ['postmortems'] as const;
  /** Reads go through the URL reader, which has its own limits. */
  readonly requestBudget = 0;

  constructor(
    private readonly options: {
      reader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
      /** Finds which tool holds the incidents and bugs a document names, among its entity's own. */
      subjects: SubjectLookup;
      /** `quality.postmortems.documents.schedule`; the engine's default without it. */
      schedule?: SchedulerServiceTaskScheduleDefinition;
    },
  ) {
    this.schedule = options.schedule;
  }

  readonly schedule?: SchedulerServiceTaskScheduleDefinition;

  /** Documents are read through the reader; the run gives the abort signal. */
  client({ signal }: QualitySourceRun) {
    return signal;
  }

  scopes(entities: Entity[]): QualitySourceScope<AnnotatedEntity>[] {
    return entities.flatMap(entity => {
      const annotation = entity.metadata.annotations?.[POSTMORTEMS_ANNOTATION];
      if (!annotation) return [];
      const entityRef = stringifyEntityRef(entity);
      return [
        {
          name: entityRef,
          entityRefs: [entityRef],
          target: { entity, annotation },
        },
      ];
    });
  }

  async *read(
    signal: AbortSignal,
    { entity, annotation }: AnnotatedEntity,
    cursor: string | undefined,
  ) {
    const entityRef = stringifyEntityRef(entity);
    const location = this.locationOf(entity, annotation);
    const previous = parseCursor(cursor);
    // Sizes are checked before anything is read: a file over the limit is never buffered.
    const oversized: string[] = [];
    let listed = 0;
    let tree;
    try {
      tree = await this.options.reader.readTree(location, {
        etag: previous?.unresolved ? undefined : previous?.etag,
        filter: (path, info) => {
          if (!/\.(md|markdown)$/i.test(path)) return false;
          if (++listed > MAX_DOCUMENTS_PER_FOLDER) return false;
          if (info && info.size > MAX_DOCUMENT_BYTES) {
            oversized.push(path);
            return false;
          }
          return true;
        },
        signal,
      });
    } catch (error) {
      if (error instanceof NotModifiedError) return cursor;
      throw error;
    }
    const postmortems: NormalisedPostmortem[] = oversized.map(path =>
      this.unassessed(entityRef, location, path, NOT_ASSESSED.tooLarge),
    );
    let unresolved = false;
    for (const file of await tree.files()) {
      const content = await file.content();
      if (content.length > MAX_DOCUMENT_BYTES) {
        // A reader that gives no sizes up front: refused after the fact.
        postmortems.push(
          this.unassessed(
            entityRef,
            location,
            file.path,
            NOT_ASSESSED.tooLarge,
          ),
        );
        continue;
      }
      const document = documentToPostmortem(
        content.toString('utf8'),
        titleFromPath(file.path),
      );
      const subjects = await this.resolveSubjects(entityRef, document.subjects);
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
    yield { items: postmortems };
    return JSON.stringify({ etag: tree.etag, unresolved } as Cursor);
  }

  /** The folder is listed whole: a document no longer in it is removed. */
  async map(
    _signal: AbortSignal,
    _scope: QualitySourceScope<AnnotatedEntity>,
    postmortems: NormalisedPostmortem[],
  ) {
    return {
      postmortems,
      listing: { postmortems: postmortems.map(p => p.externalId) },
    };
  }

  private unassessed(
    entityRef: string,
    location: string,
    path: string,
    reason: string,
  ): NormalisedPostmortem {
    return {
      externalId: `${entityRef}:${path}`,
      entityRef,
      title: titleFromPath(path),
      url: this.documentUrl(location, path),
      subjects: [],
      notAssessedReason: reason,
    };
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

  /**
   * `./docs/postmortems` is resolved against the entity's source location, as
   * TechDocs does. The folder must stay in the entity's own repository: the
   * backend reads it with the integration's token and shows what it finds to
   * everyone who sees the entity.
   */
  private locationOf(entity: Entity, annotation: string): string {
    const home = documentHomeOf(entity);
    let location: string | undefined;
    if (home) {
      location = this.options.integrations
        .resolveUrl({
          url: annotation,
          base: getEntitySourceLocation(entity).target,
        })
        .replace(/\/$/, '');
    }
    if (!home || !location || !isInsideHome(location, home)) {
      throw new Error(
        `${POSTMORTEMS_ANNOTATION} must name a folder in the entity's own repository (backstage.io/source-location); it was not read`,
      );
    }
    return location;
  }

  /**
   * A subject written `source:id` must be one of the entity's own items; a
   * bare id is looked up among them (the store has the only record of which
   * tool holds it). A document never names another entity's incidents: they
   * would show here with their titles, and count as documented there.
   * Unknown ids are dropped until they sync.
   */
  private async resolveSubjects(
    entityRef: string,
    named: NamedSubject[],
  ): Promise<NormalisedPostmortem['subjects']> {
    const found = await this.options.subjects.sourcesOf(entityRef, named);
    return named.flatMap(subject => {
      const sources = found.get(`${subject.kind}:${subject.externalId}`) ?? [];
      if (subject.source) {
        return sources.includes(subject.source)
          ? [{ ...subject, source: subject.source }]
          : [];
      }
      return sources.length > 0 ? [{ ...subject, source: sources[0] }] : [];
    });
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
