// Module tests run the provider through the real sync engine and store.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  FakeVendorResponse,
  startFakeVendor,
} from '@quality-pulse/plugin-quality-backend/testUtils';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'fs';

/**
 * A GitHub REST API on 127.0.0.1 holding one repository's issues in memory.
 * Every JSON body it sends is first validated against GitHub's published
 * OpenAPI description (`@octokit/openapi`), so the module is tested against
 * payloads shaped exactly as GitHub documents them.
 */

/** OpenAPI 3.0's `nullable: true` as JSON Schema: the type, or null. */
function withNulls(node: any): any {
  if (Array.isArray(node)) return node.map(withNulls);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, withNulls(value)]),
  );
  if (nullable !== true) return converted;
  if (typeof converted.type === 'string') {
    return {
      ...converted,
      type: [converted.type, 'null'],
      ...(converted.enum ? { enum: [...converted.enum, null] } : {}),
    };
  }
  return { anyOf: [converted, { type: 'null' }] };
}

const spec = withNulls(
  JSON.parse(
    fs.readFileSync(
      require.resolve('@octokit/openapi/generated/api.github.com.json'),
      'utf8',
    ),
  ),
);
const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
addFormats(ajv);
ajv.addSchema(spec, 'github');

const pointer = (path: string) => path.replace(/~/g, '~0').replace(/\//g, '~1');

/** Validation errors of `body` against the 200 response of `GET path`. */
export function githubContractErrors(path: string, body: unknown): string[] {
  const ref = `github#/paths/${pointer(
    path,
  )}/get/responses/200/content/application~1json/schema`;
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  return validate(body)
    ? []
    : (validate.errors ?? []).map(e => `${e.instancePath} ${e.message}`);
}

const user = {
  login: 'octocat',
  id: 1,
  node_id: 'MDQ6VXNlcjE=',
  avatar_url: 'https://github.com/images/error/octocat_happy.gif',
  gravatar_id: '',
  url: 'https://api.github.com/users/octocat',
  html_url: 'https://github.com/octocat',
  followers_url: 'https://api.github.com/users/octocat/followers',
  following_url: 'https://api.github.com/users/octocat/following{/other_user}',
  gists_url: 'https://api.github.com/users/octocat/gists{/gist_id}',
  starred_url: 'https://api.github.com/users/octocat/starred{/owner}{/repo}',
  subscriptions_url: 'https://api.github.com/users/octocat/subscriptions',
  organizations_url: 'https://api.github.com/users/octocat/orgs',
  repos_url: 'https://api.github.com/users/octocat/repos',
  events_url: 'https://api.github.com/users/octocat/events{/privacy}',
  received_events_url: 'https://api.github.com/users/octocat/received_events',
  type: 'User',
  site_admin: false,
};

export interface FakeGithubIssue {
  number: number;
  repo: string;
  title: string;
  state: 'open' | 'closed';
  created: string;
  updated: string;
  closed: string | null;
  labels: string[];
  isPullRequest?: boolean;
  events: Array<{ event: string; at: string; label?: string }>;
}

export interface FakeDeployment {
  id: number;
  environment: string;
  ref: string;
  description: string | null;
  created: string;
  /** Oldest first; the last is the deployment's state now. */
  statuses: Array<{ state: string; at: string }>;
}

export interface FakeRelease {
  id: number;
  tag: string;
  name: string;
  created: string;
  published: string | null;
  draft?: boolean;
  prerelease?: boolean;
}

export class FakeGithubRepo {
  readonly issues = new Map<number, FakeGithubIssue>();
  readonly deployments: FakeDeployment[] = [];
  readonly releases: FakeRelease[] = [];
  /** Numbers of issues transferred away (GET answers from the new repository). */
  readonly transferred = new Map<number, string>();
  private clock: string;
  private nextNumber = 1;

  constructor(readonly slug: string, start: string) {
    this.clock = start;
  }

  at(iso: string): this {
    this.clock = iso;
    return this;
  }

  open(
    title: string,
    labels: string[] = [],
    isPullRequest = false,
  ): FakeGithubIssue {
    const issue: FakeGithubIssue = {
      number: this.nextNumber++,
      repo: this.slug,
      title,
      state: 'open',
      created: this.clock,
      updated: this.clock,
      closed: null,
      labels: [...labels],
      isPullRequest,
      events: labels.map(label => ({
        event: 'labeled',
        at: this.clock,
        label,
      })),
    };
    this.issues.set(issue.number, issue);
    return issue;
  }

  close(number: number): this {
    const issue = this.issues.get(number)!;
    Object.assign(issue, {
      state: 'closed',
      closed: this.clock,
      updated: this.clock,
    });
    issue.events.push({ event: 'closed', at: this.clock });
    return this;
  }

  reopen(number: number): this {
    const issue = this.issues.get(number)!;
    Object.assign(issue, { state: 'open', closed: null, updated: this.clock });
    issue.events.push({ event: 'reopened', at: this.clock });
    return this;
  }

  label(number: number, label: string): this {
    const issue = this.issues.get(number)!;
    issue.labels.push(label);
    issue.updated = this.clock;
    issue.events.push({ event: 'labeled', at: this.clock, label });
    return this;
  }

  unlabel(number: number, label: string): this {
    const issue = this.issues.get(number)!;
    issue.labels = issue.labels.filter(l => l !== label);
    issue.updated = this.clock;
    issue.events.push({ event: 'unlabeled', at: this.clock, label });
    return this;
  }

  transfer(number: number, toSlug: string): this {
    this.issues.delete(number);
    this.transferred.set(number, toSlug);
    return this;
  }

  delete(number: number): this {
    this.issues.delete(number);
    return this;
  }
}

function issuePayload(base: string, issue: FakeGithubIssue, slug = issue.repo) {
  const repoUrl = `${base}/repos/${slug}`;
  return {
    id: 1000 + issue.number,
    node_id: `I_kwDO${issue.number}`,
    url: `${repoUrl}/issues/${issue.number}`,
    repository_url: repoUrl,
    labels_url: `${repoUrl}/issues/${issue.number}/labels{/name}`,
    comments_url: `${repoUrl}/issues/${issue.number}/comments`,
    events_url: `${repoUrl}/issues/${issue.number}/events`,
    html_url: `https://github.com/${slug}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.state === 'closed' ? 'completed' : null,
    title: issue.title,
    body: null,
    user,
    labels: issue.labels.map((name, i) => ({
      id: 200 + i,
      node_id: `LA_${i}`,
      url: `${repoUrl}/labels/${encodeURIComponent(name)}`,
      name,
      description: null,
      color: 'd73a4a',
      default: name === 'bug',
    })),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: 0,
    ...(issue.isPullRequest
      ? {
          pull_request: {
            url: `${repoUrl}/pulls/${issue.number}`,
            html_url: `https://github.com/${slug}/pull/${issue.number}`,
            diff_url: `https://github.com/${slug}/pull/${issue.number}.diff`,
            patch_url: `https://github.com/${slug}/pull/${issue.number}.patch`,
            merged_at: null,
          },
        }
      : {}),
    closed_at: issue.closed,
    created_at: issue.created,
    updated_at: issue.updated,
    closed_by: null,
    author_association: 'MEMBER',
  };
}

function deploymentPayload(base: string, slug: string, d: FakeDeployment) {
  const url = `${base}/repos/${slug}/deployments/${d.id}`;
  return {
    url,
    id: d.id,
    node_id: `DE_${d.id}`,
    sha: 'a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d',
    ref: d.ref,
    task: 'deploy',
    payload: {},
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: user,
    created_at: d.created,
    updated_at: d.statuses[d.statuses.length - 1]?.at ?? d.created,
    statuses_url: `${url}/statuses`,
    repository_url: `${base}/repos/${slug}`,
    transient_environment: false,
    production_environment: d.environment === 'production',
  };
}

function deploymentStatusPayload(
  base: string,
  slug: string,
  d: FakeDeployment,
  index: number,
) {
  const status = d.statuses[index];
  const url = `${base}/repos/${slug}/deployments/${d.id}`;
  return {
    url: `${url}/statuses/${d.id * 10 + index}`,
    id: d.id * 10 + index,
    node_id: `DES_${d.id}_${index}`,
    state: status.state,
    creator: user,
    description: '',
    environment: d.environment,
    target_url: `https://github.com/${slug}/actions/runs/${d.id}`,
    created_at: status.at,
    updated_at: status.at,
    deployment_url: url,
    repository_url: `${base}/repos/${slug}`,
    environment_url: 'https://shop.acme.example',
    log_url: `https://github.com/${slug}/actions/runs/${d.id}`,
  };
}

function releasePayload(base: string, slug: string, r: FakeRelease) {
  const url = `${base}/repos/${slug}/releases/${r.id}`;
  return {
    url,
    html_url: `https://github.com/${slug}/releases/tag/${r.tag}`,
    assets_url: `${url}/assets`,
    upload_url: `https://uploads.github.com/repos/${slug}/releases/${r.id}/assets{?name,label}`,
    tarball_url: `${base}/repos/${slug}/tarball/${r.tag}`,
    zipball_url: `${base}/repos/${slug}/zipball/${r.tag}`,
    id: r.id,
    node_id: `RE_${r.id}`,
    tag_name: r.tag,
    target_commitish: 'main',
    name: r.name,
    body: null,
    draft: !!r.draft,
    prerelease: !!r.prerelease,
    created_at: r.created,
    published_at: r.published,
    author: user,
    assets: [],
  };
}

function eventPayload(base: string, issue: FakeGithubIssue, index: number) {
  const event = issue.events[index];
  return {
    id: issue.number * 100 + index,
    node_id: `E_${issue.number}_${index}`,
    url: `${base}/repos/${issue.repo}/issues/events/${
      issue.number * 100 + index
    }`,
    actor: user,
    event: event.event,
    commit_id: null,
    commit_url: null,
    created_at: event.at,
    performed_via_github_app: null,
    ...(event.label ? { label: { name: event.label, color: 'd73a4a' } } : {}),
  };
}

/** A page of `items` with GitHub's Link header. */
function paged<T>(
  base: string,
  path: string,
  query: URLSearchParams,
  items: T[],
  map: (item: T) => unknown,
): FakeVendorResponse {
  const perPage = Math.min(Number(query.get('per_page') ?? 30), 100);
  const page = Number(query.get('page') ?? 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(query);
    q.set('page', String(p));
    return `<${base}${path}?${q}>; rel="${rel}"`;
  };
  const links = [
    ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
    ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : []),
  ];
  return {
    headers: {
      ...(links.length ? { link: links.join(', ') } : {}),
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4990',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': '10',
      'x-ratelimit-resource': 'core',
    },
    body: slice.map(map),
  };
}

/**
 * GitHub documents no order for deployments, their statuses or releases
 * (they usually come newest first): deployments and releases are served in
 * a fixed but scrambled order and statuses oldest first, so a reader that
 * relies on an order fails.
 */
const scrambled =
  <T>(key: (item: T) => number) =>
  (a: T, b: T) =>
    ((key(a) * 7) % 11) - ((key(b) * 7) % 11) || key(a) - key(b);

/** Starts the fake API; `perPageCap` makes small repositories page. */
export async function startFakeGithub(
  repo: FakeGithubRepo,
  options: { perPageCap?: number; beforeList?: () => void } = {},
) {
  const contractViolations: string[] = [];
  const checked = (template: string, response: FakeVendorResponse) => {
    for (const error of githubContractErrors(template, response.body)) {
      contractViolations.push(`${template}: ${error}`);
    }
    return response;
  };
  const vendor = await startFakeVendor(request => {
    if (request.headers.authorization !== 'token ghp_quality_test') {
      return {
        status: 401,
        body: {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        },
      };
    }
    const query = new URLSearchParams(request.query);
    if (options.perPageCap) {
      query.set(
        'per_page',
        String(
          Math.min(Number(query.get('per_page') ?? 30), options.perPageCap),
        ),
      );
    }
    const list = new RegExp(`^/repos/${repo.slug}/issues$`).exec(request.path);
    if (list) {
      options.beforeList?.();
      const since = query.get('since');
      const items = [...repo.issues.values()]
        .filter(i => !since || Date.parse(i.updated) >= Date.parse(since))
        .sort((a, b) =>
          query.get('sort') === 'updated'
            ? Date.parse(a.updated) - Date.parse(b.updated) ||
              a.number - b.number
            : b.number - a.number,
        );
      return checked(
        '/repos/{owner}/{repo}/issues',
        paged(vendor.url, request.path, query, items, i =>
          issuePayload(vendor.url, i),
        ),
      );
    }
    const timeline = new RegExp(
      `^/repos/${repo.slug}/issues/(\\d+)/timeline$`,
    ).exec(request.path);
    if (timeline) {
      const issue = repo.issues.get(Number(timeline[1]));
      if (!issue) return { status: 404, body: { message: 'Not Found' } };
      return checked(
        '/repos/{owner}/{repo}/issues/{issue_number}/timeline',
        paged(
          vendor.url,
          request.path,
          query,
          issue.events.map((_, i) => i),
          i => eventPayload(vendor.url, issue, i),
        ),
      );
    }
    if (request.path === `/repos/${repo.slug}/deployments`) {
      const environment = query.get('environment');
      const items = repo.deployments
        .filter(d => !environment || d.environment === environment)
        .sort(scrambled(d => d.id));
      return checked(
        '/repos/{owner}/{repo}/deployments',
        paged(vendor.url, request.path, query, items, d =>
          deploymentPayload(vendor.url, repo.slug, d),
        ),
      );
    }
    const oneDeployment = new RegExp(
      `^/repos/${repo.slug}/deployments/(\\d+)$`,
    ).exec(request.path);
    if (oneDeployment) {
      const deployment = repo.deployments.find(
        d => d.id === Number(oneDeployment[1]),
      );
      if (!deployment) return { status: 404, body: { message: 'Not Found' } };
      return checked('/repos/{owner}/{repo}/deployments/{deployment_id}', {
        body: deploymentPayload(vendor.url, repo.slug, deployment),
      });
    }
    const statuses = new RegExp(
      `^/repos/${repo.slug}/deployments/(\\d+)/statuses$`,
    ).exec(request.path);
    if (statuses) {
      const deployment = repo.deployments.find(
        d => d.id === Number(statuses[1]),
      );
      if (!deployment) return { status: 404, body: { message: 'Not Found' } };
      // Oldest first: the reverse of what GitHub usually sends.
      const unordered = deployment.statuses.map((_, i) => i);
      return checked(
        '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
        paged(vendor.url, request.path, query, unordered, i =>
          deploymentStatusPayload(vendor.url, repo.slug, deployment, i),
        ),
      );
    }
    if (request.path === `/repos/${repo.slug}/releases`) {
      const items = [...repo.releases].sort(scrambled(r => r.id));
      return checked(
        '/repos/{owner}/{repo}/releases',
        paged(vendor.url, request.path, query, items, r =>
          releasePayload(vendor.url, repo.slug, r),
        ),
      );
    }
    const single = new RegExp(`^/repos/${repo.slug}/issues/(\\d+)$`).exec(
      request.path,
    );
    if (single) {
      const number = Number(single[1]);
      const issue = repo.issues.get(number);
      if (issue) {
        return checked('/repos/{owner}/{repo}/issues/{issue_number}', {
          body: issuePayload(vendor.url, issue),
        });
      }
      const movedTo = repo.transferred.get(number);
      if (movedTo) {
        // Octokit follows GitHub's 301 to the new repository; answer as that would.
        return checked('/repos/{owner}/{repo}/issues/{issue_number}', {
          body: issuePayload(
            vendor.url,
            {
              number: 1,
              repo: movedTo,
              title: 'moved',
              state: 'open',
              created: '2026-10-01T00:00:00Z',
              updated: '2026-10-01T00:00:00Z',
              closed: null,
              labels: ['bug'],
              events: [],
            },
            movedTo,
          ),
        });
      }
      return { status: 410, body: { message: 'This issue was deleted' } };
    }
    return { status: 404, body: { message: 'Not Found' } };
  });
  return Object.assign(vendor, { contractViolations });
}
