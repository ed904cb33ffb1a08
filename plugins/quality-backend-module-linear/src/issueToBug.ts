import {
  BugHistory,
  hasAnyOf,
  NormalisedBug,
  severityOf,
  TrackerClassification,
} from '@quality-pulse/plugin-quality-node';

/** The fields of a Linear issue the module's query asks for. */
export interface LinearIssue {
  id: string;
  identifier: string;
  title: string;
  url: string;
  createdAt: string;
  updatedAt: string;
  priority: number;
  state?: { type?: string } | null;
  project?: { id?: string } | null;
  labels?: { nodes?: Array<{ name?: string }> };
  history?: {
    nodes?: Array<{
      createdAt: string;
      fromState?: { type?: string } | null;
      toState?: { type?: string } | null;
      fromPriority?: number | null;
      toPriority?: number | null;
    }>;
    pageInfo?: { hasNextPage?: boolean; endCursor?: string | null };
  };
}

/** Linear's priority numbers and their names (0 is "No priority"). */
export const LINEAR_PRIORITY_NAMES = [
  'No priority',
  'Urgent',
  'High',
  'Medium',
  'Low',
];

/** Workflow state types (`WorkflowState.type`) that end work on an issue: a duplicate too. */
const CLOSED_STATE_TYPES = new Set(['completed', 'canceled', 'duplicate']);

export const labelsOf = (issue: LinearIssue) =>
  (issue.labels?.nodes ?? [])
    .map(label => label.name)
    .filter((name): name is string => !!name);

function time(value: string | undefined, what: string): number {
  const parsed = Date.parse(value ?? '');
  if (!Number.isFinite(parsed)) {
    throw new Error(`${what} is not a date: ${JSON.stringify(value)}`);
  }
  return parsed;
}

const statusOf = (type: string | undefined): 'open' | 'closed' =>
  type && CLOSED_STATE_TYPES.has(type) ? 'closed' : 'open';

/**
 * Rebuilds a bug's history from Linear's issue history: state moves (closed
 * when the state is completed, canceled or duplicate) and priority changes.
 */
export function issueToBug(
  issue: LinearIssue,
  context: { entityRef: string; mapping: TrackerClassification },
): NormalisedBug {
  if (typeof issue.title !== 'string') {
    throw new Error('title is missing');
  }
  const severityOfPriority = (priority: number | null | undefined) =>
    severityOf(
      [LINEAR_PRIORITY_NAMES[priority ?? 0]],
      context.mapping.severity,
    );
  const created = time(issue.createdAt, 'createdAt');
  const updated = time(issue.updatedAt, 'updatedAt');
  const changes = (issue.history?.nodes ?? [])
    .map(entry => ({
      ...entry,
      at: time(entry.createdAt, 'history.createdAt'),
    }))
    .sort((a, b) => a.at - b.at);
  const firstStateChange = changes.find(c => c.toState);
  const firstPriorityChange = changes.find(
    c => typeof c.toPriority === 'number',
  );

  let status = firstStateChange
    ? statusOf(firstStateChange.fromState?.type ?? undefined)
    : statusOf(issue.state?.type);
  let severity = firstPriorityChange
    ? severityOfPriority(firstPriorityChange.fromPriority)
    : severityOfPriority(issue.priority);
  const history = new BugHistory(context.entityRef, created, {
    status,
    severity,
  });
  const record = (at: number) => history.record(at, { status, severity });
  for (const change of changes) {
    if (change.toState) status = statusOf(change.toState.type);
    if (typeof change.toPriority === 'number') {
      severity = severityOfPriority(change.toPriority);
    }
    record(change.at);
  }
  status = statusOf(issue.state?.type);
  severity = severityOfPriority(issue.priority);
  record(updated);

  return {
    externalId: issue.id,
    title: `${issue.identifier} ${issue.title}`,
    url: issue.url,
    escaped: hasAnyOf(labelsOf(issue), context.mapping.escapedLabels),
    history: history.entries,
  };
}
