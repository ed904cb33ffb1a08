import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  entitiesByAnnotation,
  entitiesOfInstance,
  NormalisedBug,
  QualityProvider,
  QualityProviderSyncContext,
  QualityWebhook,
  RequestBudget,
  runIncrementalSync,
} from '@quality-pulse/plugin-quality-node';
import { githubWebhook } from './webhook';
import { createQualityOctokit, QualityOctokit } from './octokit';
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

/** The instance's components by repository slug (lower case), for both GitHub providers. */
export function repositoriesOf(
  entities: Entity[],
  instance: { instance: string; isDefaultInstance: boolean },
): Map<string, Entity[]> {
  return entitiesByAnnotation(
    entitiesOfInstance(entities, {
      annotation: GITHUB_INSTANCE_ANNOTATION,
      instance: instance.instance,
      isDefault: instance.isDefaultInstance,
    }),
    GITHUB_PROJECT_SLUG_ANNOTATION,
    slug => slug.toLowerCase(),
  );
}

export interface GithubQualityProviderOptions {
  id: string;
  instance: string;
  isDefaultInstance: boolean;
  host: string;
  apiBaseUrl: string;
  /** A token for the repository's URL: a PAT, or a GitHub App installation token from `integrations.github`. */
  token(repositoryUrl: string): Promise<string | undefined>;
  mapping: GithubMapping;
  backfillDays: number;
  reconcileHours: number;
  requestBudget: number;
  /** How many times Octokit retries a rate-limited or failed request. */
  maxRetries: number;
  /** The secret of a GitHub webhook pointing at this provider; webhooks are refused without it. */
  webhookSecret?: string;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  now?: () => Date;
}

const PER_PAGE = 100;

/**
 * Reads the bugs of every repository the catalog names with
 * `github.com/project-slug`, one scope per repository. Issues are listed by
 * `since` (oldest update first, pull requests skipped); each bug's timeline
 * gives its closings, reopenings and label (severity) changes.
 */
export class GithubQualityProvider implements QualityProvider {
  readonly id: string;
  readonly reads = ['bugs'] as const;
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;
  readonly webhook?: QualityWebhook;

  constructor(private readonly options: GithubQualityProviderOptions) {
    this.id = options.id;
    this.schedule = options.schedule;
    if (options.webhookSecret) {
      this.webhook = githubWebhook(options.webhookSecret);
    }
  }

  async sync(context: QualityProviderSyncContext): Promise<void> {
    const repositories = repositoriesOf(context.entities, this.options);
    const budget = new RequestBudget(this.options.requestBudget);
    for (const [slug, entities] of repositories) {
      if (context.signal.aborted) {
        return;
      }
      const [owner, repo, ...rest] = slug.split('/');
      const entityRef = stringifyEntityRef(entities[0]);
      await context.runScope(
        `repo ${slug}`,
        async (cursor, scoped) => {
          if (!owner || !repo || rest.length > 0) {
            throw new Error(
              `${GITHUB_PROJECT_SLUG_ANNOTATION} of ${entityRef} is "${slug}": expected owner/repo`,
            );
          }
          const octokit = await createQualityOctokit({
            token: await this.options.token(
              `https://${this.options.host}/${owner}/${repo}`,
            ),
            apiBaseUrl: this.options.apiBaseUrl,
            maxRetries: this.options.maxRetries,
            budget,
            logger: context.logger,
            signal: context.signal,
          });
          const externalId = (issue: GithubIssue) =>
            `${owner}/${repo}#${issue.number}`;
          return runIncrementalSync<GithubIssue>({
            cursor,
            checkpoint: scoped.checkpoint,
            backfillHorizonDays: this.options.backfillDays,
            reconcileIntervalHours: this.options.reconcileHours,
            now: this.options.now,
            signal: context.signal,
            fetchPage: async (since, pageToken) => {
              const page = Number(pageToken ?? 1);
              const response = await octokit.rest.issues.listForRepo({
                owner,
                repo,
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
            },
            updatedAt: issue => new Date(Date.parse(issue.updated_at) || 0),
            storePage: async issues => {
              const bugs: NormalisedBug[] = [];
              const notBugs: string[] = [];
              for (const issue of issues) {
                if (issue.pull_request) continue;
                if (!isBug(issue, this.options.mapping)) {
                  notBugs.push(externalId(issue)); // a bug label removed: no longer a bug
                  continue;
                }
                try {
                  const timeline = (await octokit.paginate(
                    octokit.rest.issues.listEventsForTimeline,
                    {
                      owner,
                      repo,
                      issue_number: issue.number,
                      per_page: PER_PAGE,
                    },
                  )) as GithubTimelineEvent[];
                  bugs.push(
                    issueToBug(issue, timeline, {
                      entityRef,
                      externalId: externalId(issue),
                      mapping: this.options.mapping,
                    }),
                  );
                } catch (error) {
                  if ((error as { status?: number }).status !== undefined) {
                    throw error; // the API failed, not the item: the scope retries from its cursor
                  }
                  scoped.skip(
                    'bugs',
                    externalId(issue),
                    (error as Error).message,
                  );
                }
              }
              await scoped.sink.upsertBugs(bugs);
              await scoped.sink.deleteItems('bugs', notBugs);
            },
            listAllIds: async () => {
              const all = (await octokit.paginate(
                octokit.rest.issues.listForRepo,
                {
                  owner,
                  repo,
                  state: 'all',
                  per_page: PER_PAGE,
                },
              )) as GithubIssue[];
              return all
                .filter(issue => isBug(issue, this.options.mapping))
                .map(externalId);
            },
            removeMissing: ids =>
              scoped.sink.removeMissing('bugs', ids, {
                stillPresent: candidates =>
                  this.stillPresent(octokit, owner, repo, candidates),
              }),
          });
        },
        { entityRefs: entities.map(entity => stringifyEntityRef(entity)) },
      );
    }
  }

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
