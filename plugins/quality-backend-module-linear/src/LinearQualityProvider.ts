import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  entitiesByAnnotation,
  entitiesOfInstance,
  hasAnyOf,
  NormalisedBug,
  QualityProvider,
  QualityProviderSyncContext,
  RequestBudget,
  runIncrementalSync,
  ScopeTarget,
  targetEntityOf,
  TrackerClassification,
  vendorCaller,
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

export interface LinearQualityProviderOptions {
  id: string;
  instance: string;
  isDefaultInstance: boolean;
  apiUrl?: string;
  apiKey: string;
  mapping: TrackerClassification;
  backfillDays: number;
  reconcileHours: number;
  requestBudget: number;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  now?: () => Date;
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

/**
 * Reads the bugs (issues with a bug label) of every Linear team the catalog
 * names, one scope per team; `linear.app/project-id` and `linear.app/label`
 * tell apart entities that share a team.
 */
export class LinearQualityProvider implements QualityProvider {
  readonly id: string;
  readonly reads = ['bugs'] as const;
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;

  constructor(private readonly options: LinearQualityProviderOptions) {
    this.id = options.id;
    this.schedule = options.schedule;
  }

  private async query<T>(
    client: LinearClient,
    call: VendorCaller,
    what: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<T> {
    return call(what, async () => {
      try {
        const response = await client.client.rawRequest<
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

  async sync(context: QualityProviderSyncContext): Promise<void> {
    const teams = entitiesByAnnotation(
      entitiesOfInstance(context.entities, {
        annotation: LINEAR_INSTANCE_ANNOTATION,
        instance: this.options.instance,
        isDefault: this.options.isDefaultInstance,
      }),
      LINEAR_TEAM_KEY_ANNOTATION,
      key => key.toUpperCase(),
    );
    if (teams.size === 0) {
      return;
    }
    // The SDK ships only ESM: loaded with import(), which the CommonJS backend can do.
    const { LinearClient: Client } = await import('@linear/sdk');
    const client = new Client({
      apiKey: this.options.apiKey,
      apiUrl: this.options.apiUrl,
    });
    const call = vendorCaller({
      budget: new RequestBudget(this.options.requestBudget),
      signal: context.signal,
      logger: context.logger,
    });
    const { mapping } = this.options;

    for (const [teamKey, entities] of teams) {
      if (context.signal.aborted) {
        return;
      }
      const targets = entities.map(entity => this.targetOf(entity));
      const teamFilter = {
        team: { key: { eq: teamKey } },
        labels: { some: { name: { in: mapping.bugLabels } } },
      };
      await context.runScope(
        `team ${teamKey}`,
        (cursor, scoped) =>
          runIncrementalSync<LinearIssue>({
            cursor,
            checkpoint: scoped.checkpoint,
            order: 'stable',
            backfillHorizonDays: this.options.backfillDays,
            reconcileIntervalHours: this.options.reconcileHours,
            now: this.options.now,
            signal: context.signal,
            fetchPage: async (since, pageToken) => {
              const data = await this.query<Connection<LinearIssue>>(
                client,
                call,
                `Linear issues of team ${teamKey}`,
                ISSUES_QUERY,
                {
                  filter: {
                    ...teamFilter,
                    updatedAt: { gte: since.toISOString() },
                  },
                  first: PAGE_SIZE,
                  after: pageToken ?? null,
                },
              );
              for (const issue of data.issues.nodes) {
                await this.readWholeHistory(client, call, issue);
              }
              return {
                items: data.issues.nodes,
                nextPageToken: data.issues.pageInfo.hasNextPage
                  ? data.issues.pageInfo.endCursor ?? undefined
                  : undefined,
              };
            },
            updatedAt: issue => new Date(Date.parse(issue.updatedAt) || 0),
            storePage: async issues => {
              const bugs: NormalisedBug[] = [];
              const notOurs: string[] = [];
              for (const issue of issues) {
                try {
                  const entityRef = targetEntityOf(targets, issue);
                  if (!entityRef) {
                    notOurs.push(issue.id);
                    continue;
                  }
                  bugs.push(issueToBug(issue, { entityRef, mapping }));
                } catch (error) {
                  scoped.skip(
                    'bugs',
                    issue.identifier ?? issue.id,
                    (error as Error).message,
                  );
                }
              }
              await scoped.sink.upsertBugs(bugs);
              await scoped.sink.deleteItems('bugs', notOurs);
            },
            listAllIds: () => this.listIds(client, call, teamKey, teamFilter),
            removeMissing: ids =>
              scoped.sink.removeMissing('bugs', ids, {
                stillPresent: async candidates => {
                  const present: string[] = [];
                  for (let i = 0; i < candidates.length; i += 100) {
                    present.push(
                      ...(await this.listIds(client, call, teamKey, {
                        ...teamFilter,
                        id: { in: candidates.slice(i, i + 100) },
                      })),
                    );
                  }
                  return present;
                },
              }),
          }),
        { entityRefs: entities.map(entity => stringifyEntityRef(entity)) },
      );
    }
  }

  /** Appends the pages of history Linear did not send with the issue. */
  private async readWholeHistory(
    client: LinearClient,
    call: VendorCaller,
    issue: LinearIssue,
  ): Promise<void> {
    let pageInfo = issue.history?.pageInfo;
    while (pageInfo?.hasNextPage && pageInfo.endCursor) {
      const data: {
        issue: { history: NonNullable<LinearIssue['history']> };
      } = await this.query(
        client,
        call,
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
    client: LinearClient,
    call: VendorCaller,
    teamKey: string,
    filter: Record<string, unknown>,
  ): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: Connection<{ id: string }> = await this.query(
        client,
        call,
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
