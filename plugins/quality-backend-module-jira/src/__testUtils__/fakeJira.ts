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
export const FIELDS = [
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

export function servedIssue(issue: FakeIssue, fields: string[], base: string) {
  return {
    expand: 'operations,versionedRepresentations,editmeta,changelog',
    id: issue.id,
    self: `${base}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
    fields: servedFields(issue, fields),
  };
}
