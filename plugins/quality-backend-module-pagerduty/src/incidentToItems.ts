import { Severity } from '@quality-pulse/plugin-quality-common';
import {
  NormalisedIncident,
  NormalisedPostmortem,
  severityOf,
} from '@quality-pulse/plugin-quality-node';
import {
  PagerDutyIncident,
  PagerDutyLogEntry,
  PagerDutyNote,
} from './PagerDutyClient';

export interface PagerDutyMapping {
  /** Priority name (P1…P5) → severity. */
  priority: Record<string, Severity>;
  /** Urgency (high, low) → severity, for incidents without a priority. */
  urgency: Record<string, Severity>;
}

function time(value: string | null | undefined, what: string): Date {
  const parsed = Date.parse(value ?? '');
  if (!Number.isFinite(parsed)) {
    throw new Error(`${what} is not a date: ${JSON.stringify(value)}`);
  }
  return new Date(parsed);
}

const firstOfType = (entries: PagerDutyLogEntry[], type: string) =>
  entries
    .filter(entry => entry.type === type && entry.created_at)
    .map(entry => Date.parse(entry.created_at!))
    .filter(Number.isFinite)
    .sort((a, b) => a - b)[0];

/**
 * An incident with its times: started at creation, acknowledged at the first
 * acknowledgement (from the log when the incident object no longer lists
 * it), resolved at `resolved_at` (or the resolve log entry).
 */
export function toIncident(
  incident: PagerDutyIncident,
  log: PagerDutyLogEntry[] | undefined,
  context: { entityRef: string; mapping: PagerDutyMapping },
): NormalisedIncident {
  const startedAt = time(incident.created_at, 'created_at');
  const priority = incident.priority?.summary ?? incident.priority?.name;
  const severity = priority
    ? severityOf([priority], context.mapping.priority)
    : severityOf([incident.urgency], context.mapping.urgency);
  const acknowledged =
    firstOfType(log ?? [], 'acknowledge_log_entry') ??
    incident.acknowledgements
      ?.map(a => Date.parse(a.at ?? ''))
      .filter(Number.isFinite)
      .sort((a, b) => a - b)[0];
  let resolvedAt: Date | undefined;
  if (incident.status === 'resolved') {
    const fromLog = firstOfType(log ?? [], 'resolve_log_entry');
    if (incident.resolved_at) {
      resolvedAt = time(incident.resolved_at, 'resolved_at');
    } else if (fromLog !== undefined) {
      resolvedAt = new Date(fromLog);
    } else {
      resolvedAt = time(
        incident.last_status_change_at,
        'last_status_change_at',
      );
    }
  }
  return {
    externalId: incident.id,
    entityRef: context.entityRef,
    title: `#${incident.incident_number ?? incident.id} ${
      incident.title ?? ''
    }`.trim(),
    url: incident.html_url ?? undefined,
    severity,
    startedAt,
    acknowledgedAt:
      acknowledged !== undefined ? new Date(acknowledged) : undefined,
    resolvedAt,
  };
}

const POSTMORTEM_LINK = /(https?:\/\/\S+)/i;
const POSTMORTEM_WORDS =
  /post-?mortem|postincident|post-incident|retro(spective)?|incident review|\bpir\b/i;

/**
 * A post-mortem link left in the incident's notes ("Post-mortem:
 * https://…"), the way teams record it in PagerDuty: the first note that
 * names one and carries a URL.
 */
export function postmortemFromNotes(
  incident: NormalisedIncident,
  notes: PagerDutyNote[],
): NormalisedPostmortem | undefined {
  const note = notes.find(
    n =>
      n.content &&
      POSTMORTEM_WORDS.test(n.content) &&
      POSTMORTEM_LINK.test(n.content),
  );
  if (!note) return undefined;
  const url = POSTMORTEM_LINK.exec(note.content!)![1].replace(/[).,]+$/, '');
  return {
    externalId: `${incident.externalId}:postmortem`,
    entityRef: incident.entityRef,
    title: `Post-mortem of ${incident.title}`,
    url,
    publishedAt: note.created_at ? new Date(note.created_at) : undefined,
    subjects: [{ kind: 'incident', externalId: incident.externalId }],
  };
}
