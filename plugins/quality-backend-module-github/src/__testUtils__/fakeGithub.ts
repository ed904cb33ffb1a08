import {
  FakeVendorRequest,
  FakeVendorResponse,
  startFakeVendor,
} from '@quality-pulse/plugin-quality-node/testUtils';
import { FakeGithubRepo } from './fakeGithubRepo';
import {
  deploymentPayload,
  deploymentStatusPayload,
  eventPayload,
  issuePayload,
  releasePayload,
} from './githubPayloads';

export * from './fakeGithubRepo';

/**
 * A GitHub REST API on 127.0.0.1 holding one repository in memory. Every
 * request it receives (path, query parameters) and every response it sends
 * (status, body, Link header) is checked against GitHub's published OpenAPI
 * description (`@octokit/openapi`, github.com or an Enterprise Server
 * release), and the rate-limit headers against the schemas it gives them.
 */

/** The descriptions the fake can be checked against, by product. */
export const GITHUB_DESCRIPTIONS = {
  'github.com': {
    file: '@octokit/openapi/generated/api.github.com.json',
    basePath: '',
  },
  'GitHub Enterprise Server 3.19': {
    file: '@octokit/openapi/generated/ghes-3.19.json',
    basePath: '/api/v3',
  },
} as const;
export type GithubProduct = keyof typeof GITHUB_DESCRIPTIONS;

/** The operations the module calls: the part of the description loaded. */
const PATHS = [
  '/repos/{owner}/{repo}/issues',
  '/repos/{owner}/{repo}/issues/{issue_number}',
  '/repos/{owner}/{repo}/issues/{issue_number}/timeline',
  '/repos/{owner}/{repo}/deployments',
  '/repos/{owner}/{repo}/deployments/{deployment_id}',
  '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
  '/repos/{owner}/{repo}/releases',
];

/**
 * Where GitHub sends a transferred issue (the 301's Location, as its "HTTP
 * redirects" docs show): a path the description does not list, answered as
 * the issue it stands for.
 */
const REDIRECT_TARGET = '/repositories/{repository_id}/issues/{issue_number}';

/**
 * The rate-limit headers GitHub sends on every answer ("Rate limits for the
 * REST API"); the description defines the three that Octokit's throttling
 * reads as components, spelt `x-rate-limit-*`.
 */
const RATE_LIMIT_SCHEMAS: Record<string, string> = {
  'x-ratelimit-limit': '#/components/headers/x-rate-limit-limit',
  'x-ratelimit-remaining': '#/components/headers/x-rate-limit-remaining',
  'x-ratelimit-reset': '#/components/headers/x-rate-limit-reset',
};

const epochSeconds = (ms: number) => String(Math.floor(ms / 1000));

function rateLimitHeaders(remaining = 4990, resetAt = Date.now() + 3_600_000) {
  return {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': epochSeconds(resetAt),
    'x-ratelimit-used': String(5000 - remaining),
    'x-ratelimit-resource': 'core',
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
    headers: links.length ? { link: links.join(', ') } : {},
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

const notFound = {
  status: 404,
  body: {
    message: 'Not Found',
    documentation_url: 'https://docs.github.com/rest',
    status: '404',
  },
};

/** How GitHub says a rate limit was hit, per "Rate limits for the REST API". */
export type GithubLimit =
  /** The hourly budget is spent: 403 or 429, remaining 0, the reset time. */
  | { kind: 'primary'; status: 403 | 429; resetInMs: number }
  /** Too many requests at once: 403 or 429 with Retry-After. */
  | { kind: 'secondary'; status: 403 | 429; retryAfterSeconds: number };

function limitResponse(limit: GithubLimit): FakeVendorResponse {
  const documentation_url =
    'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';
  if (limit.kind === 'primary') {
    return {
      status: limit.status,
      headers: rateLimitHeaders(0, Date.now() + limit.resetInMs),
      body: {
        message:
          'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.',
        documentation_url,
        status: String(limit.status),
      },
    };
  }
  return {
    status: limit.status,
    headers: {
      ...rateLimitHeaders(),
      'retry-after': String(limit.retryAfterSeconds),
    },
    body: {
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      documentation_url,
      status: String(limit.status),
    },
  };
}

/** Starts the fake API; `perPageCap` makes small repositories page. */
export async function startFakeGithub(
  repo: FakeGithubRepo,
  options: {
    perPageCap?: number;
    beforeList?: () => void;
    product?: GithubProduct;
  } = {},
) {
  const { file, basePath } =
    GITHUB_DESCRIPTIONS[options.product ?? 'github.com'];
  const handle = (request: FakeVendorRequest): FakeVendorResponse => {
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
    // Links point back where the request came: the fake's own address.
    const base = `http://${request.headers.host}${basePath}`;
    const path = request.path.slice(basePath.length);
    const issues = `/repos/${repo.slug}/issues`;
    if (path === issues) {
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
      return paged(base, path, query, items, i => issuePayload(base, i));
    }
    const timeline = new RegExp(`^${issues}/(\\d+)/timeline$`).exec(path);
    if (timeline) {
      const issue = repo.issues.get(Number(timeline[1]));
      if (!issue) return notFound;
      return paged(
        base,
        path,
        query,
        issue.events.map((_, i) => i),
        i => eventPayload(base, issue, i),
      );
    }
    const deployments = `/repos/${repo.slug}/deployments`;
    if (path === deployments) {
      const environment = query.get('environment');
      const items = repo.deployments
        .filter(d => !environment || d.environment === environment)
        .sort(scrambled(d => d.id));
      return paged(base, path, query, items, d =>
        deploymentPayload(base, repo.slug, d),
      );
    }
    const deployment = new RegExp(`^${deployments}/(\\d+)(/statuses)?$`).exec(
      path,
    );
    if (deployment) {
      const found = repo.deployments.find(d => d.id === Number(deployment[1]));
      if (!found) return notFound;
      if (!deployment[2]) {
        return { body: deploymentPayload(base, repo.slug, found) };
      }
      // Oldest first: the reverse of what GitHub usually sends.
      const unordered = found.statuses.map((_, i) => i);
      return paged(base, path, query, unordered, i =>
        deploymentStatusPayload(base, repo.slug, found, i),
      );
    }
    if (path === `/repos/${repo.slug}/releases`) {
      const items = [...repo.releases].sort(scrambled(r => r.id));
      return paged(base, path, query, items, r =>
        releasePayload(base, repo.slug, r),
      );
    }
    const single = new RegExp(`^${issues}/(\\d+)$`).exec(path);
    if (single) {
      const number = Number(single[1]);
      const issue = repo.issues.get(number);
      if (issue) return { body: issuePayload(base, issue) };
      const movedTo = repo.transferred.get(number);
      if (movedTo) {
        const location = `${base}/repositories/${movedTo.repositoryId}/issues/${movedTo.number}`;
        return {
          status: 301,
          headers: { location },
          body: {
            message: 'Moved Permanently',
            url: location,
            documentation_url:
              'https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects',
          },
        };
      }
      return {
        status: 410,
        body: {
          message: 'This issue was deleted',
          documentation_url: 'https://docs.github.com/rest',
          status: '410',
        },
      };
    }
    const moved = /^\/repositories\/(\d+)\/issues\/(\d+)$/.exec(path);
    const destination = moved
      ? repo.destinations.get(Number(moved[1]))?.issues.get(Number(moved[2]))
      : undefined;
    if (destination) return { body: issuePayload(base, destination) };
    return notFound;
  };

  const vendor = await startFakeVendor(
    request => {
      const response = handle(request);
      return {
        ...response,
        headers: { ...rateLimitHeaders(), ...response.headers },
      };
    },
    {
      contract: file,
      contractOptions: {
        paths: PATHS,
        aliases: {
          [`${REDIRECT_TARGET}`]: '/repos/{owner}/{repo}/issues/{issue_number}',
        },
      },
    },
  );

  /** Rate-limit headers of an answer, against the description's schemas. */
  const limitHeaderErrors = (headers: Record<string, string> = {}) =>
    Object.entries(RATE_LIMIT_SCHEMAS).flatMap(([name, pointer]) =>
      headers[name] === undefined
        ? [`${name} missing`]
        : vendor.contract?.errorsAt(pointer, headers[name]) ?? [],
    );
  // Every answer carries rateLimitHeaders(): one check of their shape covers all.
  for (const error of limitHeaderErrors(rateLimitHeaders())) {
    vendor.contractViolations.push(`rate-limit headers: ${error}`);
  }

  return Object.assign(vendor, {
    /**
     * Answers the next request `matches` accepts as GitHub does when a rate
     * limit is hit. No operation we call declares those answers, so the
     * body is checked against the description's basic-error schema (which
     * its 403 and 429 responses use elsewhere) and the headers as above.
     */
    limitNext(
      matches: (request: FakeVendorRequest) => boolean,
      limit: GithubLimit,
    ) {
      const response = limitResponse(limit);
      for (const error of [
        ...(vendor.contract?.errorsAt(
          '#/components/schemas/basic-error',
          response.body,
        ) ?? []),
        ...limitHeaderErrors(response.headers),
      ]) {
        vendor.contractViolations.push(`${limit.status} answer: ${error}`);
      }
      vendor.failNext(matches, response);
    },
  });
}
