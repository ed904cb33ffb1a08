import {
  BugHistory,
  hasAnyOf,
  NormalisedBug,
  severityOf,
  TrackerClassification,
} from '@quality-pulse/plugin-quality-node';

/** The fields of a GitHub issue the module reads (REST `issues` payload). */
export interface GithubIssue {
  number: number;
  title: string;
  html_url: string;
  state: string;
  created_at: string;
  updated_at: string;
  labels: Array<string | { name?: string }>;
  type?: { name?: string } | null;
  pull_request?: unknown;
}

/** A timeline event that changes state or labels. */
export interface GithubTimelineEvent {
  event: string;
  created_at?: string;
  label?: { name?: string };
}

export interface GithubMapping extends TrackerClassification {
  /** Issue types (GitHub's issue types) that are bugs. */
  bugTypes: string[];
}

export const labelNames = (issue: GithubIssue): string[] =>
  issue.labels
    .map(label => (typeof label === 'string' ? label : label.name))
    .filter((name): name is string => !!name);

export function isBug(issue: GithubIssue, mapping: GithubMapping): boolean {
  return (
    !issue.pull_request &&
    (hasAnyOf(labelNames(issue), mapping.bugLabels) ||
      hasAnyOf([issue.type?.name], mapping.bugTypes))
  );
}

function time(value: string | undefined, what: string): number {
  const parsed = Date.parse(value ?? '');
  if (!Number.isFinite(parsed)) {
    throw new Error(`${what} is not a date: ${JSON.stringify(value)}`);
  }
  return parsed;
}

/**
 * Rebuilds a bug's history from its timeline: closings and reopenings, and
 * severity from the labels it carried at each moment. The labels at creation
 * are the current ones with the timeline's label changes undone.
 */
export function issueToBug(
  issue: GithubIssue,
  timeline: GithubTimelineEvent[],
  context: { entityRef: string; externalId: string; mapping: GithubMapping },
): NormalisedBug {
  if (typeof issue.title !== 'string') {
    throw new Error('title is missing');
  }
  const created = time(issue.created_at, 'created_at');
  const updated = time(issue.updated_at, 'updated_at');
  const events = timeline
    .filter(e =>
      ['closed', 'reopened', 'labeled', 'unlabeled'].includes(e.event),
    )
    .map(e => ({
      ...e,
      at: time(e.created_at, `timeline ${e.event}.created_at`),
    }))
    .sort((a, b) => a.at - b.at);

  const labels = new Set(labelNames(issue).map(name => name.toLowerCase()));
  for (const event of [...events].reverse()) {
    const name = event.label?.name?.toLowerCase();
    if (name && event.event === 'labeled') labels.delete(name);
    if (name && event.event === 'unlabeled') labels.add(name);
  }
  const severity = () => severityOf([...labels], context.mapping.severity);
  let status: 'open' | 'closed' = 'open';
  const history = new BugHistory(context.entityRef, created, {
    status,
    severity: severity(),
  });
  const record = (at: number) =>
    history.record(at, { status, severity: severity() });
  for (const event of events) {
    const name = event.label?.name?.toLowerCase();
    if (event.event === 'closed') status = 'closed';
    if (event.event === 'reopened') status = 'open';
    if (name && event.event === 'labeled') labels.add(name);
    if (name && event.event === 'unlabeled') labels.delete(name);
    record(event.at);
  }
  // The issue itself is the truth about now (a timeline can lag or be cut short).
  status = issue.state === 'closed' ? 'closed' : 'open';
  labels.clear();
  labelNames(issue).forEach(name => labels.add(name.toLowerCase()));
  record(updated);

  return {
    externalId: context.externalId,
    title: `#${issue.number} ${issue.title}`,
    url: issue.html_url,
    escaped: hasAnyOf(labelNames(issue), context.mapping.escapedLabels),
    history: history.entries,
  };
}
