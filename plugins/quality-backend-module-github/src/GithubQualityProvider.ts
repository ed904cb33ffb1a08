import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConfiguredQualitySource,
  mapEachItem,
  MappedPage,
  NormalisedBug,
  QualitySourceRun,
  QualitySourceScope,
  QualitySourceSettings,
  scopesByAnnotation,
} from '@quality-pulse/plugin-quality-node';
import { githubWebhook } from './webhook';
import { QualityOctokit } from './octokit';
import { GithubRepository, GithubRun } from './githubRun';
import {
  GithubIssue,
  GithubMapping,
  GithubTimelineEvent,
  isBug,
  issueToBug,
} from './issueToBug';

/** @public */
export const GITHUB_PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';
/**
 * With more than one GitHub instance: the instance (config key) that holds the repository.
 * @public
 */
export const GITHUB_INSTANCE_ANNOTATION =
  'quality.backstage.io/github-instance';

/** One scope per repository slug (lower case) of the instance's components, for both GitHub providers. */
export function repositoryScopes<Target>(
  entities: Entity[],
  instance: { instance: string; isDefaultInstance: boolean },
  scopeOf: (
    slug: string,
    entityRef: string,
  ) => { name: string; target: Target } | undefined,
): QualitySourceScope<Target>[] {
  return scopesByAnnotation(
    entities,
    {
      annotation: GITHUB_PROJECT_SLUG_ANNOTATION,
      normaliseKey: slug => slug.toLowerCase(),
      instance: { annotation: GITHUB_INSTANCE_ANNOTATION, ...instance },
    },
    (slug, [first]) => scopeOf(slug, stringifyEntityRef(first)),
  );
}

export interface GithubQualityProviderOptions extends QualitySourceSettings {
  instance: string;
  isDefaultInstance: boolean;
  host: string;
  apiBaseUrl: string;
  /** A token for the repository's URL: a PAT, or a GitHub App installation token from `integrations.github`. */
  token(repositoryUrl: string): Promise<string | undefined>;
  mapping: GithubMapping;
  reconcileHours: number;
  /** How many times Octokit retries a rate-limited or failed request. */
  maxRetries: number;
  /** The secret of a GitHub webhook pointing at this provider; webhooks are refused without it. */
  webhookSecret?: string;
}

const PER_PAGE = 100;

/**
 * Reads the bugs of every repository the catalog names with
 * `github.com/project-slug`, one scope per repository. Issues are listed by
 * `since` (oldest update first, pull requests skipped); each bug's timeline
 * gives its closings, reopenings and label (severity) changes.
 */
export class GithubQualityProvider extends ConfiguredQualitySource<
  GithubRun,
  GithubRepository,
  GithubIssue
> {
  readonly reads = ['bugs'] as const;

  constructor(private readonly options: GithubQualityProviderOptions) {
    super(options, { order: 'updated' }, githubWebhook(options.webhookSecret));
  }

  client(run: QualitySourceRun) {
    return new GithubRun(this.options, run);
  }

  scopes(entities: Entity[]): QualitySourceScope<GithubRepository>[] {
    return repositoryScopes(entities, this.options, (slug, entityRef) => {
      const [owner, repo, ...rest] = slug.split('/');
      return {
        name: `repo ${slug}`,
        target: {
          slug,
          owner,
          repo,
          entityRef,
          problem:
            owner && repo && rest.length === 0
              ? undefined
              : `${GITHUB_PROJECT_SLUG_ANNOTATION} of ${entityRef} is "${slug}": expected owner/repo`,
        },
      };
    });
  }

  async fetchPage(
    github: GithubRun,
    repository: GithubRepository,
    since: Date,
    pageToken: string | undefined,
  ) {
    const octokit = await github.octokit(repository);
    const page = Number(pageToken ?? 1);
    const response = await octokit.rest.issues.listForRepo({
      owner: repository.owner,
      repo: repository.repo,
      state: 'all',
      since: since.toISOString(),
      sort: 'updated',
      direction: 'asc',
      per_page: PER_PAGE,
      page,
    });
    return {
      items: response.data as GithubIssue[],
      nextPageToken: /rel="next"/.test(response.headers.link ?? '')
        ? String(page + 1)
        : undefined,
    };
  }

  updatedAt(issue: GithubIssue) {
    return new Date(Date.parse(issue.updated_at) || 0);
  }

  async map(
    github: GithubRun,
    { target }: QualitySourceScope<GithubRepository>,
    issues: GithubIssue[],
  ): Promise<MappedPage> {
    const { owner, repo, entityRef } = target;
    const octokit = await github.octokit(target);
    const bugs: NormalisedBug[] = [];
    const notBugs: string[] = [];
    const skipped = await mapEachItem(
      issues.filter(issue => !issue.pull_request),
      { kind: 'bugs', idOf: issue => idOf(target, issue) },
      async issue => {
        const externalId = idOf(target, issue);
        if (!isBug(issue, this.options.mapping)) {
          notBugs.push(externalId); // a bug label removed: no longer a bug
          return;
        }
        // A failed timeline call ends the page: the scope retries from its cursor.
        const timeline = (await octokit.paginate(
          octokit.rest.issues.listEventsForTimeline,
          { owner, repo, issue_number: issue.number, per_page: PER_PAGE },
        )) as GithubTimelineEvent[];
        bugs.push(
          issueToBug(issue, timeline, {
            entityRef,
            externalId,
            mapping: this.options.mapping,
          }),
        );
      },
    );
    return { bugs, gone: { bugs: notBugs }, skipped };
  }

  readonly reconcile = {
    kind: 'bugs' as const,
    listAllIds: async (github: GithubRun, repository: GithubRepository) => {
      const octokit = await github.octokit(repository);
      const all = (await octokit.paginate(octokit.rest.issues.listForRepo, {
        owner: repository.owner,
        repo: repository.repo,
        state: 'all',
        per_page: PER_PAGE,
      })) as GithubIssue[];
      return all
        .filter(issue => isBug(issue, this.options.mapping))
        .map(issue => idOf(repository, issue));
    },
    stillPresent: async (
      github: GithubRun,
      repository: GithubRepository,
      candidates: string[],
    ) =>
      this.stillPresent(
        await github.octokit(repository),
        repository.owner,
        repository.repo,
        candidates,
      ),
  };

  /** Asks for each candidate: still here (not deleted, not transferred away) and still a bug. */
  private async stillPresent(
    octokit: QualityOctokit,
    owner: string,
    repo: string,
    ids: string[],
  ): Promise<string[]> {
    const present: string[] = [];
    for (const id of ids) {
      const issueNumber = Number(id.split('#')[1]);
      try {
        const { data } = await octokit.rest.issues.get({
          owner,
          repo,
          issue_number: issueNumber,
        });
        const sameRepo = data.repository_url
          ?.toLowerCase()
          .endsWith(`/repos/${owner}/${repo}`.toLowerCase());
        if (sameRepo && isBug(data as GithubIssue, this.options.mapping)) {
          present.push(id);
        }
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status !== 404 && status !== 410) throw error;
      }
    }
    return present;
  }
}

function idOf({ owner, repo }: GithubRepository, issue: GithubIssue): string {
  return `${owner}/${repo}#${issue.number}`;
}
