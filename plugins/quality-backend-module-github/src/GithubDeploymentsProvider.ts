import { Entity } from '@backstage/catalog-model';
import {
  ConfiguredCursorSource,
  NormalisedDeployment,
  QualitySourceRun,
  QualitySourceScope,
  QualitySourceSettings,
} from '@quality-pulse/plugin-quality-node';
import { repositoryScopes } from './GithubQualityProvider';
import { GithubRepository, GithubRun } from './githubRun';
import { githubWebhook } from './webhook';
import { QualityOctokit } from './octokit';

const DAY = 24 * 60 * 60 * 1000;

/** The fields of GitHub's deployment, deployment status and release payloads read here. */
interface GithubDeployment {
  id: number;
  created_at: string;
  ref?: string;
  task?: string;
  description?: string | null;
}
interface GithubDeploymentStatus {
  id: number;
  state: string;
  created_at: string;
  log_url?: string;
  target_url?: string;
}
interface GithubRelease {
  id: number;
  name: string | null;
  tag_name: string;
  html_url: string;
  draft: boolean;
  prerelease: boolean;
  created_at: string;
  published_at: string | null;
}
/** Deployments still running when a run reads them are read again by the next. */
const IN_FLIGHT_MS = 60 * 60 * 1000;
const PER_PAGE = 100;

const FINAL_STATES = new Set(['success', 'failure', 'error', 'inactive']);

interface DeploymentsCursor {
  /** Deployments created before this instant are stored (less an hour for ones in flight). */
  since?: string;
  /** Deployments still running when last read: asked about again until they end. */
  pending?: number[];
}

function parseCursor(cursor: string | undefined): DeploymentsCursor {
  if (!cursor) return {};
  try {
    return JSON.parse(cursor);
  } catch {
    return {};
  }
}

const hasNextPage = (headers: { link?: string }) =>
  /rel="next"/.test(headers.link ?? '');

export interface GithubDeploymentsProviderOptions
  extends QualitySourceSettings {
  instance: string;
  isDefaultInstance: boolean;
  host: string;
  apiBaseUrl: string;
  token(repositoryUrl: string): Promise<string | undefined>;
  /** GitHub deployments to one environment, or published releases. */
  source: 'deployments' | 'releases';
  environment: string;
  /** Matches a deployment or release that exists only to fix something (DORA rework). */
  remediationPattern: RegExp;
  maxRetries: number;
  /** The secret of a GitHub webhook pointing at this provider; webhooks are refused without it. */
  webhookSecret?: string;
}

/**
 * Deployments for the rework rate, from the repositories the catalog names:
 * successful GitHub deployments to the production environment (deployed
 * when their latest status turned `success`), or published releases. A
 * deployment is remediation when its description, ref or task, or a
 * release's name or tag, says so (`hotfix`, `revert`, `rollback` by default).
 * Both lists come newest first, so each run reads until it passes the
 * watermark.
 */
export class GithubDeploymentsProvider extends ConfiguredCursorSource<
  GithubRun,
  GithubRepository,
  NormalisedDeployment
> {
  readonly reads = ['deployments'] as const;

  constructor(private readonly options: GithubDeploymentsProviderOptions) {
    super(options, githubWebhook(options.webhookSecret));
  }

  client(run: QualitySourceRun) {
    return new GithubRun(this.options, run);
  }

  scopes(entities: Entity[]): QualitySourceScope<GithubRepository>[] {
    return repositoryScopes(entities, this.options, (slug, entityRef) => {
      const [owner, repo] = slug.split('/');
      if (!owner || !repo) return undefined; // the bug provider reports the malformed slug
      return {
        name: `${this.options.source} of ${slug}`,
        target: { slug, owner, repo, entityRef },
      };
    });
  }

  async *read(
    github: GithubRun,
    repository: GithubRepository,
    cursor: string | undefined,
  ) {
    const { owner, repo, entityRef } = repository;
    const now = (this.options.now ?? (() => new Date()))();
    const previous = parseCursor(cursor);
    const since = previous.since
      ? Date.parse(previous.since)
      : now.getTime() - this.options.backfillDays * DAY;
    const pending = new Set<number>();
    const octokit = await github.octokit(repository);
    const pages =
      this.options.source === 'releases'
        ? this.releases(octokit, owner, repo, since, entityRef)
        : this.deployments(octokit, owner, repo, {
            since,
            entityRef,
            pending,
            recheck: previous.pending ?? [],
          });
    for await (const items of pages) {
      yield { items };
    }
    return JSON.stringify({
      since: new Date(now.getTime() - IN_FLIGHT_MS).toISOString(),
      pending: [...pending],
    } satisfies DeploymentsCursor);
  }

  async map(
    _github: GithubRun,
    _scope: QualitySourceScope<GithubRepository>,
    deployments: NormalisedDeployment[],
  ) {
    return { deployments };
  }

  private isRemediation(...texts: Array<string | null | undefined>): boolean {
    return texts.some(
      text => !!text && this.options.remediationPattern.test(text),
    );
  }

  /** The deployment if its latest status is success; notes it as pending while it runs. */
  private async deployed(
    octokit: QualityOctokit,
    owner: string,
    repo: string,
    deployment: GithubDeployment,
    entityRef: string,
    pending: Set<number>,
  ): Promise<NormalisedDeployment | undefined> {
    // GitHub documents no order for statuses: the latest is the newest by time.
    const statuses = (await octokit.paginate(
      octokit.rest.repos.listDeploymentStatuses,
      { owner, repo, deployment_id: deployment.id, per_page: PER_PAGE },
    )) as GithubDeploymentStatus[];
    const latest = statuses.reduce<GithubDeploymentStatus | undefined>(
      (newest, status) =>
        !newest ||
        Date.parse(status.created_at) > Date.parse(newest.created_at) ||
        (status.created_at === newest.created_at && status.id > newest.id)
          ? status
          : newest,
      undefined,
    );
    if (!latest || !FINAL_STATES.has(latest.state)) {
      pending.add(deployment.id);
    }
    if (latest?.state !== 'success') return undefined;
    return {
      externalId: `${owner}/${repo}/deployments/${deployment.id}`,
      entityRef,
      deployedAt: new Date(latest.created_at),
      remediation: this.isRemediation(
        deployment.description,
        deployment.ref,
        deployment.task,
      ),
      url: latest.log_url || latest.target_url || undefined,
    };
  }

  private async *deployments(
    octokit: QualityOctokit,
    owner: string,
    repo: string,
    run: {
      since: number;
      entityRef: string;
      pending: Set<number>;
      recheck: number[];
    },
  ): AsyncGenerator<NormalisedDeployment[]> {
    const { since, entityRef, pending } = run;
    const seen = new Set<number>();
    for (let page = 1; ; page++) {
      const { data, headers }: { data: GithubDeployment[]; headers: any } =
        await octokit.rest.repos.listDeployments({
          owner,
          repo,
          environment: this.options.environment,
          per_page: PER_PAGE,
          page,
        });
      const recent = data.filter(d => Date.parse(d.created_at) >= since);
      const deployed: NormalisedDeployment[] = [];
      for (const deployment of recent) {
        seen.add(deployment.id);
        const item = await this.deployed(
          octokit,
          owner,
          repo,
          deployment,
          entityRef,
          pending,
        );
        if (item) deployed.push(item);
      }
      yield deployed;
      // No documented order: every page is read (statuses only for recent ones).
      if (!hasNextPage(headers)) break;
    }
    // Deployments that were still running last time, older than this listing.
    const settled: NormalisedDeployment[] = [];
    for (const id of run.recheck.filter(pendingId => !seen.has(pendingId))) {
      const { data: deployment } = await octokit.rest.repos.getDeployment({
        owner,
        repo,
        deployment_id: id,
      });
      const item = await this.deployed(
        octokit,
        owner,
        repo,
        deployment as GithubDeployment,
        entityRef,
        pending,
      );
      if (item) settled.push(item);
    }
    yield settled;
  }

  private async *releases(
    octokit: QualityOctokit,
    owner: string,
    repo: string,
    since: number,
    entityRef: string,
  ): AsyncGenerator<NormalisedDeployment[]> {
    for (let page = 1; ; page++) {
      const { data, headers }: { data: GithubRelease[]; headers: any } =
        await octokit.rest.repos.listReleases({
          owner,
          repo,
          per_page: PER_PAGE,
          page,
        });
      const published = data.filter(
        r => !r.draft && !r.prerelease && r.published_at,
      );
      yield published
        .filter(r => Date.parse(r.published_at!) >= since)
        .map(release => ({
          externalId: `${owner}/${repo}/releases/${release.id}`,
          entityRef,
          deployedAt: new Date(release.published_at!),
          remediation: this.isRemediation(release.name, release.tag_name),
          url: release.html_url,
        }));
      // No documented order: every page is read.
      if (!hasNextPage(headers)) return;
    }
  }
}
