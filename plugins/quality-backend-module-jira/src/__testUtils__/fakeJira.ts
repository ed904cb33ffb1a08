import {
  FakeVendorRequest,
  startFakeVendor,
} from '@quality-pulse/plugin-quality-node/testUtils';
import { DateTime } from 'luxon';

/**
 * A Jira site on 127.0.0.1 holding issues in memory, answering the endpoints
 * the module calls with payloads shaped as Atlassian documents them: Cloud's
 * enhanced search (`POST /rest/api/3/search/jql`, `nextPageToken`, `isLast`)
 * and bulk changelogs, Data Center's v2 search (`startAt`, `total`,
 * `expand=changelog`). It pages at most `pageCap` issues, as Jira caps
 * `maxResults`, so a few dozen issues exercise pagination.
 */

export const TIME_ZONE = 'Europe/Berlin';

/** The site's fields (`GET /rest/api/2/field`): a custom severity among them. */
export const SEVERITY_FIELD = { id: 'customfield_10042', name: 'Severity' };
const FIELDS = [
  {
    id: 'status',
    name: 'Status',
    custom: false,
    schema: { type: 'status', system: 'status' },
  },
  {
    id: 'priority',
    name: 'Priority',
    custom: false,
    schema: { type: 'priority', system: 'priority' },
  },
  {
    id: SEVERITY_FIELD.id,
    name: SEVERITY_FIELD.name,
    custom: true,
    schema: {
      type: 'option',
      custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
      customId: 10042,
    },
  },
];

export const STATUSES = [
  { id: '1', name: 'Open', category: 'new' },
  { id: '3', name: 'In Progress', category: 'indeterminate' },
  { id: '10001', name: 'Done', category: 'done' },
];

export interface FakeIssue {
  id: string;
  key: string;
  project: string;
  type: string;
  summary?: string;
  created: string;
  updated: string;
  statusId: string;
  priority: string;
  labels: string[];
  components: string[];
  linkedTypes?: string[];
  environment?: string;
  /** Overrides of the served fields, to serve malformed issues. */
  rawFields?: Record<string, unknown>;
  changelog: Array<{
    created: string;
    items: Array<{
      /** The field's id for system fields (`status`), its name for custom ones. */
      field: string;
      /** A custom field's id (`customfield_10042`); older Data Center leaves it out. */
      fieldId?: string;
      from: string | null;
      fromString: string | null;
      to: string | null;
      toString: string | null;
    }>;
  }>;
}

/** Jira's own timestamp format: milliseconds and a +hhmm offset. */
export const jiraStamp = (iso: string) =>
  DateTime.fromISO(iso, { zone: 'utc' }).toFormat(
    "yyyy-MM-dd'T'HH:mm:ss.SSSZZZ",
  );

const statusName = (id: string) => STATUSES.find(s => s.id === id)!.name;

export class FakeJiraProject {
  readonly issues = new Map<string, FakeIssue>();
  private nextId = 10000;
  private clock: string;

  constructor(start: string) {
    this.clock = start;
  }

  /** Moves the site's clock; every change happens at the clock. */
  at(iso: string): this {
    this.clock = iso;
    return this;
  }

  create(
    key: string,
    options: Partial<
      Pick<
        FakeIssue,
        | 'type'
        | 'priority'
        | 'labels'
        | 'components'
        | 'summary'
        | 'linkedTypes'
        | 'environment'
      >
    > = {},
  ): FakeIssue {
    const id = String(this.nextId++);
    const issue: FakeIssue = {
      id,
      key,
      project: key.split('-')[0],
      type: options.type ?? 'Bug',
      summary: options.summary ?? `Bug ${key}`,
      created: this.clock,
      updated: this.clock,
      statusId: '1',
      priority: options.priority ?? 'Medium',
      labels: options.labels ?? [],
      components: options.components ?? [],
      linkedTypes: options.linkedTypes,
      environment: options.environment,
      changelog: [],
    };
    this.issues.set(id, issue);
    return issue;
  }

  byKey(key: string): FakeIssue {
    const found = [...this.issues.values()].find(issue => issue.key === key);
    if (!found) throw new Error(`no issue ${key}`);
    return found;
  }

  transition(key: string, statusId: string): this {
    const issue = this.byKey(key);
    issue.changelog.push({
      created: this.clock,
      items: [
        {
          field: 'status',
          from: issue.statusId,
          fromString: statusName(issue.statusId),
          to: statusId,
          toString: statusName(statusId),
        },
      ],
    });
    issue.statusId = statusId;
    issue.updated = this.clock;
    return this;
  }

  reprioritise(key: string, priority: string): this {
    const issue = this.byKey(key);
    issue.changelog.push({
      created: this.clock,
      items: [
        {
          field: 'priority',
          from: null,
          fromString: issue.priority,
          to: null,
          toString: priority,
        },
      ],
    });
    issue.priority = priority;
    issue.updated = this.clock;
    return this;
  }

  /** Sets a custom select field (the site's severity field, say), logging the change. */
  setCustom(key: string, field: { id: string; name: string }, value: string) {
    const issue = this.byKey(key);
    const previous = (issue.rawFields?.[field.id] as { value?: string })?.value;
    issue.changelog.push({
      created: this.clock,
      items: [
        {
          field: field.name,
          fieldId: field.id,
          from: null,
          fromString: previous ?? null,
          to: null,
          toString: value,
        },
      ],
    });
    issue.rawFields = {
      ...issue.rawFields,
      [field.id]: { id: `opt-${value}`, value },
    };
    issue.updated = this.clock;
    return this;
  }

  /** Moves an issue to another project: same id, new key, as Jira does. */
  move(key: string, newKey: string): this {
    const issue = this.byKey(key);
    issue.key = newKey;
    issue.project = newKey.split('-')[0];
    issue.updated = this.clock;
    return this;
  }

  delete(key: string): this {
    this.issues.delete(this.byKey(key).id);
    return this;
  }
}

/** The small part of JQL the module writes, evaluated against the project. */
export function evaluateJql(jql: string, issues: FakeIssue[]): FakeIssue[] {
  const project = /project = "([^"]+)"/.exec(jql)?.[1];
  const types = /issuetype in \(([^)]*)\)/
    .exec(jql)?.[1]
    .split(',')
    .map(t => t.trim().replace(/^"|"$/g, ''));
  const updatedSince = /updated >= "([^"]+)"/.exec(jql)?.[1];
  const ids = /\bid in \(([^)]*)\)/
    .exec(jql)?.[1]
    .split(',')
    .map(s => s.trim());
  const since = updatedSince
    ? DateTime.fromFormat(updatedSince, 'yyyy-MM-dd HH:mm', {
        zone: TIME_ZONE,
      }).toMillis()
    : undefined;
  return issues
    .filter(issue => !project || issue.project === project)
    .filter(issue => !types || types.includes(issue.type))
    .filter(issue => since === undefined || Date.parse(issue.updated) >= since)
    .filter(issue => !ids || ids.includes(issue.id))
    .sort(
      (a, b) =>
        Date.parse(a.updated) - Date.parse(b.updated) ||
        Number(a.key.split('-')[1]) - Number(b.key.split('-')[1]),
    );
}

function servedFields(issue: FakeIssue, fields: string[]) {
  const status = STATUSES.find(s => s.id === issue.statusId)!;
  const all: Record<string, unknown> = {
    summary: issue.summary,
    created: jiraStamp(issue.created),
    updated: jiraStamp(issue.updated),
    status: {
      self: `https://jira.invalid/rest/api/3/status/${status.id}`,
      id: status.id,
      name: status.name,
      statusCategory: { id: 2, key: status.category, name: status.name },
    },
    priority: { id: '3', name: issue.priority },
    labels: issue.labels,
    components: issue.components.map((name, i) => ({ id: String(i), name })),
    issuetype: { id: '10004', name: issue.type, subtask: false },
    issuelinks: (issue.linkedTypes ?? []).map((type, i) => ({
      id: String(i),
      type: { name: 'Relates' },
      outwardIssue: {
        id: String(90000 + i),
        key: `INC-${i}`,
        fields: { issuetype: { name: type } },
      },
    })),
    environment: issue.environment ?? null,
    ...issue.rawFields,
  };
  return Object.fromEntries(
    fields.filter(field => field in all).map(field => [field, all[field]]),
  );
}

function servedIssue(issue: FakeIssue, fields: string[], base: string) {
  return {
    expand: 'operations,versionedRepresentations,editmeta,changelog',
    id: issue.id,
    self: `${base}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
    fields: servedFields(issue, fields),
  };
}

const encodeToken = (offset: number) =>
  Buffer.from(JSON.stringify({ offset })).toString('base64url');
const decodeToken = (token: string) =>
  JSON.parse(Buffer.from(token, 'base64url').toString()).offset as number;

/** Starts a fake Jira Cloud site. `beforePage` runs before each search page is served. */
export async function startFakeJiraCloud(
  project: FakeJiraProject,
  options: {
    pageCap?: number;
    beforePage?: (request: FakeVendorRequest) => void;
  } = {},
) {
  const pageCap = options.pageCap ?? 20;
  const vendor = await startFakeVendor(
    request => {
      if (!request.headers.authorization?.startsWith('Basic ')) {
        return { status: 401, body: { errorMessages: ['Unauthorized'] } };
      }
      if (request.path === '/rest/api/3/myself') {
        return {
          body: {
            accountId: '5b10a2844c20165700ede21g',
            accountType: 'atlassian',
            active: true,
            displayName: 'Quality Pulse',
            timeZone: TIME_ZONE,
            self: `${vendor.url}/rest/api/3/user?accountId=5b10a2844c20165700ede21g`,
          },
        };
      }
      if (request.path === '/rest/api/3/status') {
        return {
          body: STATUSES.map(s => ({
            self: `${vendor.url}/rest/api/3/status/${s.id}`,
            description: '',
            iconUrl: `${vendor.url}/images/icons/statuses/open.png`,
            name: s.name,
            id: s.id,
            statusCategory: {
              self: `${vendor.url}/rest/api/3/statuscategory/2`,
              id: 2,
              key: s.category,
              colorName: 'blue-gray',
              name: s.name,
            },
          })),
        };
      }
      if (
        request.path === '/rest/api/3/search/jql' &&
        request.method === 'POST'
      ) {
        options.beforePage?.(request);
        const { jql, fields, maxResults, nextPageToken } = request.body;
        const matches = evaluateJql(jql, [...project.issues.values()]);
        const offset = nextPageToken ? decodeToken(nextPageToken) : 0;
        const size = Math.min(maxResults ?? 50, pageCap);
        const page = matches.slice(offset, offset + size);
        const isLast = offset + size >= matches.length;
        return {
          body: {
            issues: page.map(issue => servedIssue(issue, fields, vendor.url)),
            isLast,
            ...(isLast ? {} : { nextPageToken: encodeToken(offset + size) }),
          },
        };
      }
      if (
        request.path === '/rest/api/3/changelog/bulkfetch' &&
        request.method === 'POST'
      ) {
        const { issueIdsOrKeys, fieldIds } = request.body;
        return {
          body: {
            issueChangeLogs: (issueIdsOrKeys as string[])
              .map(id => project.issues.get(id))
              .filter((issue): issue is FakeIssue => !!issue)
              .map(issue => ({
                issueId: issue.id,
                changeHistories: issue.changelog
                  .map((history, i) => ({
                    id: String(i + 1),
                    created: jiraStamp(history.created),
                    items: history.items
                      .filter(item =>
                        fieldIds.includes(item.fieldId ?? item.field),
                      )
                      .map(item => ({
                        // Not nullable in the description: absent values are left out.
                        ...Object.fromEntries(
                          Object.entries(item).filter(([, v]) => v !== null),
                        ),
                        fieldId: item.fieldId ?? item.field,
                        fieldtype: item.fieldId ? 'custom' : 'jira',
                      })),
                  }))
                  .filter(history => history.items.length > 0),
              })),
          },
        };
      }
      return { status: 404, body: { errorMessages: ['Not found'] } };
    },
    { contract: 'jira/swagger-v3.v3.json' },
  );
  return vendor;
}

/** Starts a fake Jira Data Center site (v2 API, personal access token). */
export async function startFakeJiraDataCenter(
  project: FakeJiraProject,
  options: { pageCap?: number } = {},
) {
  const pageCap = options.pageCap ?? 20;
  const vendor = await startFakeVendor(request => {
    if (!request.headers.authorization?.startsWith('Bearer ')) {
      return { status: 401, body: { errorMessages: ['Unauthorized'] } };
    }
    if (request.path === '/rest/api/2/myself') {
      return { body: { name: 'quality', timeZone: TIME_ZONE } };
    }
    if (request.path === '/rest/api/2/field') {
      return { body: FIELDS };
    }
    if (request.path === '/rest/api/2/status') {
      return {
        body: STATUSES.map(s => ({
          id: s.id,
          name: s.name,
          statusCategory: { id: 2, key: s.category, name: s.name },
        })),
      };
    }
    if (request.path === '/rest/api/2/search') {
      const jql = request.query.get('jql') ?? '';
      const fields = (request.query.get('fields') ?? '').split(',');
      const startAt = Number(request.query.get('startAt') ?? 0);
      const size = Math.min(
        Number(request.query.get('maxResults') ?? 50),
        pageCap,
      );
      const matches = evaluateJql(jql, [...project.issues.values()]);
      const withChangelog = request.query.get('expand') === 'changelog';
      return {
        body: {
          expand: 'schema,names',
          startAt,
          maxResults: size,
          total: matches.length,
          issues: matches.slice(startAt, startAt + size).map(issue => ({
            ...servedIssue(issue, fields, vendor.url),
            ...(withChangelog
              ? {
                  changelog: {
                    startAt: 0,
                    maxResults: issue.changelog.length,
                    total: issue.changelog.length,
                    // Older Data Center sends no fieldId: custom fields go by name.
                    histories: issue.changelog.map((history, i) => ({
                      id: String(i + 1),
                      created: jiraStamp(history.created),
                      items: history.items.map(
                        ({ fieldId: _id, ...item }) => item,
                      ),
                    })),
                  },
                }
              : {}),
          })),
        },
      };
    }
    return { status: 404, body: { errorMessages: ['Not found'] } };
  });
  return vendor;
}
