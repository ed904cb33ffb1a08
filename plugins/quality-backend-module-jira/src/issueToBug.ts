import { Severity } from '@quality-pulse/plugin-quality-common';
import {
  BugHistory,
  hasAnyOf,
  NormalisedBug,
  severityOf,
  TrackerClassification,
} from '@quality-pulse/plugin-quality-node';
import { JiraChange, JiraIssue, JiraStatusCategories } from './types';

/** How a Jira site's issues become bugs (see the README for the defaults). */
export interface JiraMapping extends TrackerClassification {
  /** Field that carries the severity: `priority` or a custom field id. */
  severityField: string;
  /** Field whose text marks an escape, e.g. `environment` or `customfield_10050`. */
  escapedField?: string;
  /** Words that, found in `escapedField`, mean the bug escaped. */
  escapedValues: string[];
  /** Linked issues of these types (JSM incidents) make a bug escaped. */
  incidentIssueTypes: string[];
}

/** The text of a field, whatever its shape: plain, option, user-picker-like, list or ADF. */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'string' || typeof value === 'number') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return value.map(fieldText).join(' ');
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.value === 'string') return v.value;
    if (typeof v.name === 'string') return v.name;
    if (typeof v.text === 'string') return v.text;
    if (Array.isArray(v.content)) return fieldText(v.content); // Atlassian document format
  }
  return '';
}

function linkedIssueTypes(issue: JiraIssue): string[] {
  return (issue.fields.issuelinks ?? []).flatMap(link =>
    [link.inwardIssue, link.outwardIssue]
      .map(linked => linked?.fields?.issuetype?.name)
      .filter((name): name is string => !!name),
  );
}

function isEscaped(issue: JiraIssue, mapping: JiraMapping): boolean {
  if (hasAnyOf(issue.fields.labels ?? [], mapping.escapedLabels)) {
    return true;
  }
  if (mapping.escapedField) {
    const text = fieldText(issue.fields[mapping.escapedField]).toLowerCase();
    if (mapping.escapedValues.some(word => text.includes(word.toLowerCase()))) {
      return true;
    }
  }
  return hasAnyOf(linkedIssueTypes(issue), mapping.incidentIssueTypes);
}

/** Epoch ms of a Jira time: ISO text, epoch ms, or a Date (jira.js coerces some). */
export function jiraTime(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? Date.parse(value) : NaN;
}

function toTime(value: unknown, what: string): number {
  const time = jiraTime(value);
  if (!Number.isFinite(time)) {
    throw new Error(`${what} is not a date: ${JSON.stringify(value)}`);
  }
  return time;
}

function statusOf(
  categories: JiraStatusCategories,
  id: string | null | undefined,
  name: string | null | undefined,
): 'open' | 'closed' | undefined {
  return (
    (id ? categories.byId.get(id) : undefined) ??
    (name ? categories.byName.get(name.toLowerCase()) : undefined)
  );
}

/**
 * Rebuilds a bug's history from its creation and its status and severity
 * changes. The state before the first change of a field is that change's
 * "from"; without changes it is the current value. When the changelog does
 * not end where the issue is now (a truncated changelog), a last entry at the
 * update time brings it there, so the current state is always the issue's.
 */
export function issueToBug(
  issue: JiraIssue,
  changes: JiraChange[],
  context: {
    entityRef: string;
    baseUrl: string;
    mapping: JiraMapping;
    statusCategories: JiraStatusCategories;
  },
): NormalisedBug {
  const { fields } = issue;
  const { mapping, statusCategories, entityRef } = context;
  if (typeof fields.summary !== 'string') {
    throw new Error('fields.summary is missing');
  }
  const created = toTime(fields.created, 'fields.created');
  const updated = fields.updated
    ? toTime(fields.updated, 'fields.updated')
    : created;
  const severityFromValue = (value: unknown): Severity =>
    severityOf([fieldText(value)], mapping.severity);
  const currentStatus =
    statusOf(statusCategories, fields.status?.id, fields.status?.name) ??
    (fields.status?.statusCategory?.key === 'done' ? 'closed' : 'open');
  const currentSeverity = severityFromValue(fields[mapping.severityField]);

  const ordered = changes
    .map(change => ({
      ...change,
      time: toTime(change.at, 'changelog.created'),
    }))
    .sort((a, b) => a.time - b.time);
  const firstStatus = ordered.find(change => change.field === 'status');
  const firstSeverity = ordered.find(
    change => change.field === mapping.severityField,
  );
  let status = firstStatus
    ? statusOf(statusCategories, firstStatus.from, firstStatus.fromString) ??
      'open'
    : currentStatus;
  let severity = firstSeverity
    ? severityFromValue(firstSeverity.fromString)
    : currentSeverity;

  const history = new BugHistory(entityRef, created, { status, severity });
  const record = (time: number) => history.record(time, { status, severity });
  for (const change of ordered) {
    if (change.field === 'status') {
      status = statusOf(statusCategories, change.to, change.toString) ?? status;
    } else if (change.field === mapping.severityField) {
      severity = severityFromValue(change.toString);
    }
    record(change.time);
  }
  status = currentStatus;
  severity = currentSeverity;
  record(updated);

  return {
    externalId: issue.id,
    title: `${issue.key} ${fields.summary}`,
    url: `${context.baseUrl.replace(/\/+$/, '')}/browse/${issue.key}`,
    escaped: isEscaped(issue, mapping),
    history: history.entries,
  };
}
