import {
  VendorCaller,
  VendorHttpError,
} from '@quality-pulse/plugin-quality-node';
import type { createCloudClient } from 'jira.js';
import { JiraChange, JiraIssue, JiraSite, JiraStatusCategories } from './types';

const PAGE_SIZE = 100;
/** The enhanced search returns up to 5,000 issues a page when only ids are asked for. */
const ID_PAGE_SIZE = 5000;
/** The bulk changelog endpoint takes up to 1,000 issues. */
const CHANGELOG_BATCH = 1000;

type CloudClient = ReturnType<typeof createCloudClient>;

/**
 * jira.js errors carry Atlassian's payload; the sync status should read
 * "HTTP 401 Client must be authenticated…", not the JSON. Rate limits keep
 * their wait as Retry-After, so the retry policy still honours it.
 */
function concise(what: string, error: any): unknown {
  if (typeof error?.status !== 'number' || error.body === undefined) {
    return error;
  }
  const body = error.body as { errorMessages?: string[]; errors?: object };
  const messages = [
    ...(body?.errorMessages ?? []),
    ...Object.values(body?.errors ?? {}),
  ].join(' ');
  return new VendorHttpError(
    error.status,
    typeof error.retryAfterMs === 'number'
      ? { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) }
      : {},
    `${what}: HTTP ${error.status}${
      messages ? ` ${messages}` : ` ${error.statusText ?? ''}`.trimEnd()
    }`,
  );
}

/** Jira Cloud through jira.js: the enhanced JQL search with `nextPageToken` and bulk changelogs. */
export class CloudJiraSite implements JiraSite {
  private readonly call: VendorCaller;

  constructor(private readonly client: CloudClient, call: VendorCaller) {
    this.call = (what, request) =>
      call(what, signal =>
        request(signal).catch(error => {
          throw concise(what, error);
        }),
      );
  }

  /** jira.js is ESM-only: loaded with a dynamic import, which the CommonJS backend can do. */
  static async create(options: {
    baseUrl: string;
    email: string;
    apiToken: string;
    call: VendorCaller;
    onSchemaMismatch: (report: unknown) => void;
  }): Promise<CloudJiraSite> {
    const jira = await import('jira.js');
    return new CloudJiraSite(
      jira.createCloudClient({
        host: options.baseUrl,
        auth: {
          type: 'basic',
          email: options.email,
          apiToken: options.apiToken,
        },
        onSchemaMismatch: options.onSchemaMismatch as any,
      }),
      options.call,
    );
  }

  async timeZone(): Promise<string> {
    const user = await this.call('Jira: who am I', () =>
      this.client.myself.getCurrentUser(),
    );
    return user.timeZone ?? 'UTC';
  }

  async statusCategories(): Promise<JiraStatusCategories> {
    const statuses = await this.call('Jira: list statuses', () =>
      this.client.workflowStatuses.getStatuses(),
    );
    const categories: JiraStatusCategories = {
      byId: new Map(),
      byName: new Map(),
    };
    for (const status of statuses) {
      const state = status.statusCategory?.key === 'done' ? 'closed' : 'open';
      if (status.id) categories.byId.set(status.id, state);
      if (status.name) categories.byName.set(status.name.toLowerCase(), state);
    }
    return categories;
  }

  async search(
    jql: string,
    fields: string[],
    pageToken: string | undefined,
    label = jql,
  ): Promise<{ issues: JiraIssue[]; nextPageToken?: string }> {
    const page = await this.call(`Jira search of ${label}`, () =>
      this.client.issueSearch.searchAndReconsileIssuesUsingJqlPost({
        jql,
        fields,
        maxResults: PAGE_SIZE,
        nextPageToken: pageToken,
      }),
    );
    return {
      issues: (page.issues ?? []) as unknown as JiraIssue[],
      nextPageToken: page.nextPageToken ?? undefined,
    };
  }

  async changes(
    issues: JiraIssue[],
    fieldIds: string[],
  ): Promise<Map<string, JiraChange[]>> {
    const byIssue = new Map<string, JiraChange[]>();
    for (let i = 0; i < issues.length; i += CHANGELOG_BATCH) {
      const ids = issues.slice(i, i + CHANGELOG_BATCH).map(issue => issue.id);
      let nextPageToken: string | undefined;
      do {
        const pageToken = nextPageToken;
        const page = await this.call('Jira bulk changelog', () =>
          this.client.issues.getBulkChangelogs({
            issueIdsOrKeys: ids,
            fieldIds,
            maxResults: 1000,
            nextPageToken: pageToken,
          }),
        );
        for (const log of page.issueChangeLogs ?? []) {
          const list = byIssue.get(log.issueId ?? '') ?? [];
          for (const history of log.changeHistories ?? []) {
            for (const item of history.items ?? []) {
              list.push({
                at: history.created ?? '',
                field: item.fieldId ?? item.field ?? '',
                from: item.from,
                fromString: item.fromString,
                to: item.to,
                toString: item.toString,
              });
            }
          }
          byIssue.set(log.issueId ?? '', list);
        }
        nextPageToken = page.nextPageToken ?? undefined;
      } while (nextPageToken);
    }
    return byIssue;
  }

  async listIds(jql: string, label = jql): Promise<string[]> {
    const ids: string[] = [];
    let nextPageToken: string | undefined;
    do {
      const pageToken = nextPageToken;
      const page = await this.call(`Jira id listing of ${label}`, () =>
        this.client.issueSearch.searchAndReconsileIssuesUsingJqlPost({
          jql,
          fields: ['id'],
          maxResults: ID_PAGE_SIZE,
          nextPageToken: pageToken,
        }),
      );
      ids.push(...(page.issues ?? []).map(issue => String(issue.id)));
      nextPageToken = page.nextPageToken ?? undefined;
    } while (nextPageToken);
    return ids;
  }
}
