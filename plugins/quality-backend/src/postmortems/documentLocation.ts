import { Entity, getEntitySourceLocation } from '@backstage/catalog-model';
import parseGitUrl from 'git-url-parse';

/**
 * Where an entity's documents may be read from: its own repository, as
 * `backstage.io/source-location` (or the catalog file's location) names it.
 * The backend reads with the integration's token, and what it reads is shown
 * to everyone who sees the entity — so a document elsewhere (another team's
 * private repository, any URL) is never read on the entity's behalf.
 */
export interface DocumentHome {
  host: string;
  /** `owner/name` (GitLab: `group/subgroup/name`), lower case. */
  repository: string;
}

/** The entity's repository, or undefined when it has no usable source location. */
export function documentHomeOf(entity: Entity): DocumentHome | undefined {
  let source: { type: string; target: string };
  try {
    source = getEntitySourceLocation(entity);
  } catch {
    return undefined;
  }
  // A file location (local development) has no repository to read within.
  if (source.type !== 'url') return undefined;
  return repositoryOf(source.target);
}

function repositoryOf(url: string): DocumentHome | undefined {
  let normalised: URL;
  try {
    // The URL parser removes `.` and `..` segments (also written %2e).
    normalised = new URL(url);
  } catch {
    return undefined;
  }
  if (normalised.protocol !== 'https:' && normalised.protocol !== 'http:') {
    return undefined;
  }
  try {
    const parsed = parseGitUrl(normalised.toString());
    if (!parsed.owner || !parsed.name) return undefined;
    return {
      host: normalised.host.toLocaleLowerCase('en-US'),
      repository: parsed.full_name.toLocaleLowerCase('en-US'),
    };
  } catch {
    return undefined;
  }
}

/** Whether `url` (already resolved to an absolute URL) lies in the entity's own repository. */
export function isInsideHome(url: string, home: DocumentHome): boolean {
  const located = repositoryOf(url);
  return (
    located !== undefined &&
    located.host === home.host &&
    located.repository === home.repository
  );
}
