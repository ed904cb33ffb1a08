import { QualitySourceRun } from '@quality-pulse/plugin-quality-node';
import { createQualityOctokit, QualityOctokit } from './octokit';

/** How both GitHub providers reach an instance. */
export interface GithubConnection {
  host: string;
  apiBaseUrl: string;
  /** A token for the repository's URL: a PAT, or a GitHub App installation token. */
  token(repositoryUrl: string): Promise<string | undefined>;
  /** How many times Octokit retries a rate-limited or failed request. */
  maxRetries: number;
}

/** A repository to read, and the entity its bugs belong to. */
export interface GithubRepository {
  slug: string;
  owner: string;
  repo: string;
  entityRef: string;
  /** Why the catalog's slug names no repository; the scope fails with it. */
  problem?: string;
}

/**
 * The run's Octokits: one per repository (a GitHub App's token is per
 * installation), all drawing on the run's budget.
 */
export class GithubRun {
  private readonly octokits = new Map<string, Promise<QualityOctokit>>();

  constructor(
    private readonly options: GithubConnection,
    private readonly run: QualitySourceRun,
  ) {}

  octokit({ slug, owner, repo, problem }: GithubRepository) {
    if (problem) throw new Error(problem);
    let octokit = this.octokits.get(slug);
    if (!octokit) {
      octokit = this.options
        .token(`https://${this.options.host}/${owner}/${repo}`)
        .then(token =>
          createQualityOctokit({
            token,
            apiBaseUrl: this.options.apiBaseUrl,
            maxRetries: this.options.maxRetries,
            budget: this.run.budget,
            logger: this.run.logger,
            signal: this.run.signal,
          }),
        );
      this.octokits.set(slug, octokit);
    }
    return octokit;
  }
}
