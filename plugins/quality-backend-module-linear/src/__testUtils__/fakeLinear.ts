import {
  FakeVendorRequest,
  FakeVendorResponse,
  startFakeVendor,
} from '@quality-pulse/plugin-quality-node/testUtils';
import { linearQueryErrors, linearResponseErrors } from './linearContract';

/**
 * Linear's GraphQL API on 127.0.0.1 for the queries the module sends, each
 * validated against Linear's published schema and complexity limit (a
 * mismatch is a contract violation),
 * answering as Linear documents: Relay connections (`nodes`, `pageInfo`),
 * `IssueFilter` comparators, `orderBy: createdAt` (newest first), and errors
 * with `extensions.type` (a rate limit is HTTP 400, type "ratelimited", with
 * `X-RateLimit-Requests-Reset` in epoch milliseconds).
 */

export interface FakeLinearIssue {
  id: string;
  identifier: string;
  team: string;
  title?: string;
  createdAt: string;
  updatedAt: string;
  priority: number;
  stateType: string;
  projectId?: string;
  labels: string[];
  history: Array<{
    createdAt: string;
    fromState?: string;
    toState?: string;
    fromPriority?: number;
    toPriority?: number;
  }>;
}

export class FakeLinearWorkspace {
  readonly issues = new Map<string, FakeLinearIssue>();
  private clock: string;
  private counter = 0;

  constructor(start: string) {
    this.clock = start;
  }

  at(iso: string): this {
    this.clock = iso;
    return this;
  }

  create(
    team: string,
    options: Partial<
      Pick<FakeLinearIssue, 'priority' | 'labels' | 'projectId' | 'title'>
    > = {},
  ) {
    this.counter += 1;
    const issue: FakeLinearIssue = {
      id: `9a8b7c6d-0000-4000-8000-${String(this.counter).padStart(12, '0')}`,
      identifier: `${team}-${this.counter}`,
      team,
      title: options.title ?? `Bug ${this.counter}`,
      createdAt: this.clock,
      updatedAt: this.clock,
      priority: options.priority ?? 3,
      stateType: 'unstarted',
      projectId: options.projectId,
      labels: options.labels ?? ['Bug'],
      history: [],
    };
    this.issues.set(issue.id, issue);
    return issue;
  }

  byIdentifier(identifier: string): FakeLinearIssue {
    return [...this.issues.values()].find(i => i.identifier === identifier)!;
  }

  moveTo(identifier: string, stateType: string): this {
    const issue = this.byIdentifier(identifier);
    issue.history.push({
      createdAt: this.clock,
      fromState: issue.stateType,
      toState: stateType,
    });
    Object.assign(issue, { stateType, updatedAt: this.clock });
    return this;
  }

  prioritise(identifier: string, priority: number): this {
    const issue = this.byIdentifier(identifier);
    issue.history.push({
      createdAt: this.clock,
      fromPriority: issue.priority,
      toPriority: priority,
    });
    Object.assign(issue, { priority, updatedAt: this.clock });
    return this;
  }

  delete(identifier: string): this {
    this.issues.delete(this.byIdentifier(identifier).id);
    return this;
  }
}

function matches(issue: FakeLinearIssue, filter: any): boolean {
  if (filter?.team?.key?.eq && issue.team !== filter.team.key.eq) return false;
  const wanted: string[] | undefined = filter?.labels?.some?.name?.in;
  if (wanted && !issue.labels.some(l => wanted.includes(l))) return false;
  const gte = filter?.updatedAt?.gte;
  if (gte && Date.parse(issue.updatedAt) < Date.parse(gte)) return false;
  const ids: string[] | undefined = filter?.id?.in;
  if (ids && !ids.includes(issue.id)) return false;
  return true;
}

/** A page of an issue's history; the cursor is the index of the last entry sent. */
function historyPage(
  issue: FakeLinearIssue,
  first: number,
  after: string | null | undefined,
) {
  const start = after ? Number(after) + 1 : 0;
  const entries = issue.history.slice(start, start + first);
  return {
    nodes: entries.map(h => ({
      createdAt: h.createdAt,
      fromState: h.fromState ? { type: h.fromState } : null,
      toState: h.toState ? { type: h.toState } : null,
      fromPriority: h.fromPriority ?? null,
      toPriority: h.toPriority ?? null,
    })),
    pageInfo: {
      hasNextPage: start + first < issue.history.length,
      endCursor: entries.length ? String(start + entries.length - 1) : null,
    },
  };
}

/** The literal page size a query gives a field, e.g. `history(first: 20)`. */
const firstOf = (query: string, field: string) =>
  Number(new RegExp(`${field}\\(first:\\s*(\\d+)`).exec(query)?.[1] ?? 50);

function node(issue: FakeLinearIssue, idsOnly: boolean, query: string) {
  if (idsOnly) return { id: issue.id };
  return {
    id: issue.id,
    identifier: issue.identifier,
    title: issue.title,
    url: `https://linear.app/acme/issue/${issue.identifier}/bug`,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    priority: issue.priority,
    state: { type: issue.stateType },
    project: issue.projectId ? { id: issue.projectId } : null,
    labels: {
      nodes: issue.labels
        .slice(0, firstOf(query, 'labels'))
        .map(name => ({ name })),
    },
    history: historyPage(issue, firstOf(query, 'history'), undefined),
  };
}

export async function startFakeLinear(
  workspace: FakeLinearWorkspace,
  options: { pageCap?: number; beforePage?: () => void } = {},
) {
  const answer = (request: FakeVendorRequest): FakeVendorResponse => {
    if (request.headers.authorization !== 'lin_api_quality_test') {
      return {
        status: 400,
        body: {
          errors: [
            {
              message: 'Authentication required, not authenticated',
              extensions: {
                type: 'authentication error',
                code: 'AUTHENTICATION_ERROR',
                userPresentableMessage:
                  'You need to authenticate to access this operation.',
              },
            },
          ],
        },
      };
    }
    const { query, variables } = request.body ?? {};
    const rate = {
      'x-ratelimit-requests-limit': '5000',
      'x-ratelimit-requests-remaining': '4999',
      'x-ratelimit-requests-reset': String(Date.now() + 3_600_000),
    };
    if (/QualityPulseIssueHistory/.test(query)) {
      const issue = workspace.issues.get(variables.id);
      return {
        headers: rate,
        body: issue
          ? {
              data: {
                issue: {
                  history: historyPage(
                    issue,
                    firstOf(query, 'history'),
                    variables.after,
                  ),
                },
              },
            }
          : {
              errors: [
                {
                  message: 'Entity not found',
                  extensions: { code: 'INVALID_INPUT' },
                },
              ],
            },
      };
    }
    const idsOnly = /QualityPulseIssueIds/.test(query);
    if (!idsOnly) options.beforePage?.();
    const all = [...workspace.issues.values()]
      .filter(issue => matches(issue, variables.filter))
      .sort(
        (a, b) =>
          Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
          b.id.localeCompare(a.id),
      );
    const first = Math.min(variables.first ?? 50, options.pageCap ?? 250);
    // Relay cursors: the id of the last node, stable under updates.
    const start = variables.after
      ? all.findIndex(i => i.id === variables.after) + 1
      : 0;
    const page = all.slice(start, start + first);
    return {
      headers: rate,
      body: {
        data: {
          issues: {
            nodes: page.map(issue => node(issue, idsOnly, query)),
            pageInfo: {
              hasNextPage: start + first < all.length,
              endCursor: page.length ? page[page.length - 1].id : null,
            },
          },
        },
      },
    };
  };
  const vendor = await startFakeVendor(request => {
    const { query, variables } = request.body ?? {};
    const errors = linearQueryErrors(query, variables);
    if (errors.length > 0) {
      vendor.contractViolations.push(...errors.map(e => `POST /graphql: ${e}`));
      return {
        status: 400,
        body: { errors: errors.map(message => ({ message })) },
      };
    }
    const response = answer(request);
    const data = (response.body as { data?: unknown } | undefined)?.data;
    if (data !== undefined && !response.offContract) {
      vendor.contractViolations.push(
        ...linearResponseErrors(query, variables ?? {}, data).map(
          e => `POST /graphql: ${e}`,
        ),
      );
    }
    return response;
  });
  return vendor;
}
