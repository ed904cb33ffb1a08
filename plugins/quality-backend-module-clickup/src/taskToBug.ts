import {
  BugHistoryEntry,
  hasAnyOf,
  NormalisedBug,
  severityOf,
  TrackerClassification,
} from '@quality-pulse/plugin-quality-node';
import { ClickUpTask } from './ClickUpClient';

const CLOSED_STATUS_TYPES = new Set(['closed', 'done']);

export const tagsOf = (task: ClickUpTask) =>
  task.tags.map(tag => (typeof tag === 'string' ? tag : tag.name));

/** Whether the task is in the list: its home, or one it was added to. */
export const isInList = (task: ClickUpTask, listId: string) =>
  task.list?.id === listId ||
  (task.locations ?? []).some(location => location.id === listId);

export const isBugTask = (task: ClickUpTask, mapping: TrackerClassification) =>
  hasAnyOf(tagsOf(task), mapping.bugLabels);

/**
 * ClickUp's API keeps no per-task change history, so a bug's history is its
 * creation and, when it is closed now, its closing (`date_closed`, else
 * `date_done`). Reopenings between syncs and past severity changes are not
 * visible; the severity is the current priority (or a severity tag).
 */
export function taskToBug(
  task: ClickUpTask,
  context: { entityRef: string; mapping: TrackerClassification },
): NormalisedBug {
  const severity = severityOf(
    [task.priority?.priority, ...tagsOf(task)],
    context.mapping.severity,
  );
  const closed = CLOSED_STATUS_TYPES.has(task.status.type);
  const history: BugHistoryEntry[] = [
    {
      at: new Date(Number(task.date_created)),
      status: 'open',
      severity,
      entityRef: context.entityRef,
    },
  ];
  if (closed) {
    const at = Number(task.date_closed ?? task.date_done ?? task.date_updated);
    history.push({
      at: new Date(Math.max(at, history[0].at.getTime())),
      status: 'closed',
      severity,
      entityRef: context.entityRef,
    });
  }
  return {
    externalId: task.id,
    title: task.name,
    url: task.url,
    escaped: hasAnyOf(tagsOf(task), context.mapping.escapedLabels),
    history,
  };
}
