import type {
  FakeDeployment,
  FakeGithubIssue,
  FakeRelease,
} from './fakeGithubRepo';

/**
 * GitHub REST payloads, field for field as its OpenAPI description
 * (`@octokit/openapi`) defines them; the fake checks each one it sends.
 */

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

export function issuePayload(
  base: string,
  issue: FakeGithubIssue,
  slug = issue.repo,
) {
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

export function deploymentPayload(
  base: string,
  slug: string,
  d: FakeDeployment,
) {
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

export function deploymentStatusPayload(
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

export function releasePayload(base: string, slug: string, r: FakeRelease) {
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

export function eventPayload(
  base: string,
  issue: FakeGithubIssue,
  index: number,
) {
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
