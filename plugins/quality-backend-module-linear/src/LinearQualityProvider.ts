import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConfiguredQualitySource,
  hasAnyOf,
  mapEachItem,
  MappedPage,
  NormalisedBug,
  QualitySourceRun,
  QualitySourceScope,
  QualitySourceSettings,
  scopesByAnnotation,
  ScopeTarget,
  targetEntityOf,
  TrackerClassification,
  VendorCaller,
  VendorHttpError,
} from '@quality-pulse/plugin-quality-node';
import type { LinearClient } from '@linear/sdk';
import { issueToBug, LinearIssue, labelsOf } from './issueToBug';

/** @public */
export const LINEAR_TEAM_KEY_ANNOTATION = 'linear.app/team-key';
/** @public */
export const LINEAR_PROJECT_ID_ANNOTATION = 'linear.app/project-id';
/** @public */
export const LINEAR_LABEL_ANNOTATION = 'linear.app/label';
/**
 * With more than one Linear workspace: the instance (config key) that holds the team.
 * @public
 */
export const LINEAR_INSTANCE_ANNOTATION =
  'quality.backstage.io/linear-instance';

/**
 * Page sizes kept so that each query costs well under Linear's limit of
 * 10,000 complexity points (the test computes them by Linear's published
 * formula): a page of 50 issues with 20 labels and 10 history entries each
 * costs about 4,300; longer histories are read in pages of their own.
 */
const PAGE_SIZE = 50;
const LABELS_PER_ISSUE = 20;
const HISTORY_WITH_ISSUE = 10;
const HISTORY_PAGE = 100;

const HISTORY_FIELDS = `nodes { createdAt fromState { type } toState { type } fromPriority toPriority }
    pageInfo { hasNextPage endCursor }`;

const ISSUE_FIELDS = `
  id identifier title url createdAt updatedAt priority
  state { type }
  project { id }
  labels(first: ${LABELS_PER_ISSUE}) { nodes { name } }
  history(first: ${HISTORY_WITH_ISSUE}) {
    ${HISTORY_FIELDS}
  }`;

/** The rest of an issue's history, past what came with the issue. */
export const HISTORY_QUERY = `query QualityPulseIssueHistory($id: String!, $after: String) {
  issue(id: $id) {
    history(first: ${HISTORY_PAGE}, after: $after) {
      ${HISTORY_FIELDS}
    }
  }
}`;

/** Issues of a team changed since an instant, by creation (a stable order) with Relay cursors. */
export const ISSUES_QUERY = `query QualityPulseIssues($filter: IssueFilter, $first: Int, $after: String) {
  issues(filter: $filter, first: $first, after: $after, orderBy: createdAt) {
    nodes { ${ISSUE_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Ids only, for reconciliation. */
export const ISSUE_IDS_QUERY = `query QualityPulseIssueIds($filter: IssueFilter, $first: Int, $after: String) {
  issues(filter: $filter, first: $first, after: $after, orderBy: createdAt) {
    nodes { id }
    pageInfo { hasNextPage endCursor }
  }
}`;

export interface LinearQualityProviderOptions extends QualitySourceSettings {
  instance: string;
  isDefaultInstance: boolean;
  apiUrl?: string;
  apiKey: string;
  mapping: TrackerClassification;
  reconcileHours: number;
}

type Connection<T> = {
  issues: {
    nodes: T[];
    pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  };
};

/**
 * Linear answers a rate limit with HTTP 400 and a RATELIMITED GraphQL error;
 * the SDK turns it into a Ratelimited error carrying the reset time. As a 429
 * with Retry-After, the shared retry policy waits for it.
 */
function asRetryable(error: any): unknown {
  if (error?.type === 'Ratelimited') {
    const resetAt = Number(error.requestsResetAt ?? error.complexityResetAt);
    const seconds = Number.isFinite(resetAt)
      ? Math.max(0, Math.ceil((resetAt - Date.now()) / 1000))
      : Number(error.retryAfter ?? 60);
    return new VendorHttpError(
      429,
      { 'retry-after': String(seconds) },
      `Linear: rate limited (${error.message})`,
    );
  }
  return error;
}

/** The run's Linear connection: raw GraphQL through the SDK, each request through the run's caller. */
class LinearQueries {
  constructor(
    private readonly sdk: LinearClient,
    private readonly call: VendorCaller,
  ) {}

  query<T>(
    what: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<T> {
    return this.call(what, async () => {
      try {
        const response = await this.sdk.client.rawRequest<
          T,
          Record<string, unknown>
        >(query, variables);
        if (!response.data) throw new Error(`${what}: no data in the response`);
        return response.data;
      } catch (error) {
        throw asRetryable(error);
      }
    });
  }
}

/** A team to read, the filter of its bugs, and which entity takes each issue. */
interface LinearTeam {
  teamKey: string;
  filter: Record<string, unknown>;
  targets: ScopeTarget<LinearIssue>[];
}

/**
 * Reads the bugs (issues with a bug label) of every Linear team the catalog
 * names, one scope per team; `linear.app/project-id` and `linear.app/label`
 * tell apart entities that share a team.
 */
export class LinearQualityProvider extends ConfiguredQualitySource<
  LinearQueries,
  LinearTeam,
  LinearIssue
> {
  readonly reads = ['bugs'] as const;

  constructor(private readonly options: LinearQualityProviderOptions) {
    super(options, { order: 'stable' });
  }

  async client({ call }: QualitySourceRun) {
    // The SDK ships only ESM: loaded with import(), which the CommonJS backend can do.
    const { LinearClient: Client } = await import('@linear/sdk');
    const sdk = new Client({
      apiKey: this.options.apiKey,
      apiUrl: this.options.apiUrl,
    });
    return new LinearQueries(sdk, call);
  }

  scopes(entities: Entity[]): QualitySourceScope<LinearTeam>[] {
    const { bugLabels } = this.options.mapping;
    return scopesByAnnotation(
      entities,
      {
        annotation: LINEAR_TEAM_KEY_ANNOTATION,
        normaliseKey: key => key.toUpperCase(),
        instance: { annotation: LINEAR_INSTANCE_ANNOTATION, ...this.options },
      },
      (teamKey, teamEntities) => ({
        name: `team ${teamKey}`,
        target: {
          teamKey,
          filter: {
            team: { key: { eq: teamKey } },
            labels: { some: { name: { in: bugLabels } } },
          },
          targets: teamEntities.map(entity => this.targetOf(entity)),
        },
      }),
    );
  }

  async fetchPage(
    linear: LinearQueries,
    team: LinearTeam,
    since: Date,
    pageToken: string | undefined,
  ) {
    const data = await linear.query<Connection<LinearIssue>>(
      `Linear issues of team ${team.teamKey}`,
      ISSUES_QUERY,
      {
        filter: { ...team.filter, updatedAt: { gte: since.toISOString() } },
        first: PAGE_SIZE,
        after: pageToken ?? null,
      },
    );
    for (const issue of data.issues.nodes) {
      await this.readWholeHistory(linear, issue);
    }
    return {
      items: data.issues.nodes,
      nextPageToken: data.issues.pageInfo.hasNextPage
        ? data.issues.pageInfo.endCursor ?? undefined
        : undefined,
    };
  }

  updatedAt(issue: LinearIssue) {
    return new Date(Date.parse(issue.updatedAt) || 0);
  }

  async map(
    _linear: LinearQueries,
    { target }: QualitySourceScope<LinearTeam>,
    issues: LinearIssue[],
  ): Promise<MappedPage> {
    const bugs: NormalisedBug[] = [];
    const notOurs: string[] = [];
    const skipped = await mapEachItem(
      issues,
      { kind: 'bugs', idOf: issue => issue.identifier ?? issue.id },
      issue => {
        const entityRef = targetEntityOf(target.targets, issue);
        if (entityRef) {
          bugs.push(
            issueToBug(issue, { entityRef, mapping: this.options.mapping }),
          );
        } else {
          notOurs.push(issue.id);
        }
      },
    );
    return { bugs, gone: { bugs: notOurs }, skipped };
  }

  readonly reconcile = {
    kind: 'bugs' as const,
    listAllIds: (linear: LinearQueries, team: LinearTeam) =>
      this.listIds(linear, team.teamKey, team.filter),
    stillPresent: async (
      linear: LinearQueries,
      team: LinearTeam,
      candidates: string[],
    ) => {
      const present: string[] = [];
      for (let i = 0; i < candidates.length; i += 100) {
        present.push(
          ...(await this.listIds(linear, team.teamKey, {
            ...team.filter,
            id: { in: candidates.slice(i, i + 100) },
          })),
        );
      }
      return present;
    },
  };

  /** Appends the pages of history Linear did not send with the issue. */
  private async readWholeHistory(
    linear: LinearQueries,
    issue: LinearIssue,
  ): Promise<void> {
    let pageInfo = issue.history?.pageInfo;
    while (pageInfo?.hasNextPage && pageInfo.endCursor) {
      const data: {
        issue: { history: NonNullable<LinearIssue['history']> };
      } = await linear.query(
        `Linear history of issue ${issue.identifier}`,
        HISTORY_QUERY,
        { id: issue.id, after: pageInfo.endCursor },
      );
      issue.history!.nodes = [
        ...(issue.history!.nodes ?? []),
        ...(data.issue.history.nodes ?? []),
      ];
      pageInfo = data.issue.history.pageInfo;
    }
  }

  private async listIds(
    linear: LinearQueries,
    teamKey: string,
    filter: Record<string, unknown>,
  ): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: Connection<{ id: string }> = await linear.query(
        `Linear issue ids of team ${teamKey}`,
        ISSUE_IDS_QUERY,
        { filter, first: 250, after },
      );
      ids.push(...data.issues.nodes.map(node => node.id));
      if (!data.issues.pageInfo.hasNextPage) return ids;
      after = data.issues.pageInfo.endCursor ?? null;
    }
  }

  private targetOf(entity: Entity): ScopeTarget<LinearIssue> {
    const annotations = entity.metadata.annotations ?? {};
    const projectId = annotations[LINEAR_PROJECT_ID_ANNOTATION]?.trim();
    const label = annotations[LINEAR_LABEL_ANNOTATION]?.trim();
    return {
      entityRef: stringifyEntityRef(entity),
      accepts:
        projectId || label
          ? issue =>
              (!projectId || issue.project?.id === projectId) &&
              (!label || hasAnyOf(labelsOf(issue), [label]))
          : undefined,
    };
  }
}
