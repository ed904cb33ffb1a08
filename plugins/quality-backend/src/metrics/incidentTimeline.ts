import { Knex } from 'knex';
import { documentedBy } from './documentedBy';
import { InputError, NotFoundError } from '@backstage/errors';
import { Severity } from '@quality-pulse/plugin-quality-common';

/** Deployments this long before an incident are listed: the usual suspects. */
export const DEPLOYMENTS_BEFORE_MS = 24 * 3_600_000;
/** An open incident's timeline stops this long after it started. */
const OPEN_INCIDENT_HORIZON_MS = 7 * 24 * 3_600_000;
const MAX_DEPLOYMENTS_BEFORE = 3;
const MAX_DEPLOYMENTS_DURING = 10;

export interface TimelineIncident {
  source: string;
  externalId: string;
  title: string;
  severity: Severity;
  url: string | null;
  startedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
}

export interface TimelineEvent {
  at: string;
  event: string;
  url: string | null;
}

interface IncidentRow {
  source: string;
  external_id: string;
  title: string;
  severity: Severity;
  url: string | null;
  started_at: string | number;
  acknowledged_at: string | number | null;
  resolved_at: string | number | null;
}

/**
 * Finds the entity's incident named `source:id` or by its bare id; without a
 * name, the most recent incident no post-mortem documents yet — the one a
 * squad most likely opens the template for.
 */
export async function findIncident(
  db: Knex,
  entityRef: string,
  name: string | undefined,
): Promise<TimelineIncident> {
  const query = db<IncidentRow>('quality_incidents as i')
    .select(
      'i.source',
      'i.external_id',
      'i.title',
      'i.severity',
      'i.url',
      'i.started_at',
      'i.acknowledged_at',
      'i.resolved_at',
    )
    .where('i.entity_ref', entityRef);
  const text = name?.trim();
  if (text) {
    const colon = text.indexOf(':');
    query.andWhere(q => {
      q.where('i.external_id', text);
      if (colon > 0) {
        q.orWhere(both =>
          both
            .where('i.source', text.slice(0, colon))
            .andWhere('i.external_id', text.slice(colon + 1)),
        );
      }
    });
  } else {
    query
      .whereRaw('NOT ?', [documentedBy(db, 'i', { kind: 'incident' })])
      .orderBy('i.started_at', 'desc');
  }
  const rows = await query.limit(2);
  if (rows.length === 0) {
    throw text
      ? new NotFoundError(`incident "${text}" is not one of ${entityRef}'s`)
      : new NotFoundError(
          `${entityRef} has no incident without a post-mortem; name one in incident`,
        );
  }
  if (text && rows.length > 1) {
    throw new InputError(
      `incident "${text}" names more than one incident of ${entityRef}; write it as source:id (${rows
        .map(r => `${r.source}:${r.external_id}`)
        .join(', ')})`,
    );
  }
  const row = rows[0];
  const iso = (ms: string | number | null) =>
    ms === null ? null : new Date(Number(ms)).toISOString();
  return {
    source: row.source,
    externalId: row.external_id,
    title: row.title,
    severity: row.severity,
    url: row.url,
    startedAt: iso(row.started_at)!,
    acknowledgedAt: iso(row.acknowledged_at),
    resolvedAt: iso(row.resolved_at),
  };
}

/**
 * The incident's timeline as the quality store knows it: the deployments of
 * the day before (what changed), start, acknowledgement, the deployments
 * while it was open (remediations marked) and resolution. Incident tools'
 * own chat logs stay in the tool; the document links there.
 */
export async function incidentTimeline(
  db: Knex,
  entityRef: string,
  incident: TimelineIncident,
): Promise<TimelineEvent[]> {
  const started = Date.parse(incident.startedAt);
  const ended = incident.resolvedAt
    ? Date.parse(incident.resolvedAt)
    : started + OPEN_INCIDENT_HORIZON_MS;
  const deployments = (from: number, to: number, order: 'asc' | 'desc') =>
    db('quality_deployments')
      .select('external_id', 'deployed_at', 'remediation', 'url')
      .where('entity_ref', entityRef)
      .andWhere('deployed_at', '>=', from)
      .andWhere('deployed_at', '<', to)
      .orderBy('deployed_at', order);
  const [before, during] = await Promise.all([
    deployments(started - DEPLOYMENTS_BEFORE_MS, started, 'desc').limit(
      MAX_DEPLOYMENTS_BEFORE,
    ),
    deployments(started, ended + 1, 'asc').limit(MAX_DEPLOYMENTS_DURING),
  ]);
  const deploymentEvent = (row: {
    external_id: string;
    deployed_at: string | number;
    remediation: boolean | number;
    url: string | null;
  }): TimelineEvent => ({
    at: new Date(Number(row.deployed_at)).toISOString(),
    event: `${
      Boolean(row.remediation) ? 'Remediation deployment' : 'Deployment'
    } ${row.external_id}`,
    url: row.url,
  });
  const events: TimelineEvent[] = [
    ...before.reverse().map(deploymentEvent),
    {
      at: incident.startedAt,
      event: `Incident started: ${incident.title} (${incident.severity})`,
      url: incident.url,
    },
  ];
  if (incident.acknowledgedAt) {
    events.push({
      at: incident.acknowledgedAt,
      event: 'Acknowledged',
      url: null,
    });
  }
  events.push(...during.map(deploymentEvent));
  events.push(
    incident.resolvedAt
      ? { at: incident.resolvedAt, event: 'Resolved', url: null }
      : { at: new Date(ended).toISOString(), event: 'Still open', url: null },
  );
  // Stable by time; ties keep the order above (start before a same-minute deploy).
  return events
    .map((event, index) => ({ event, index }))
    .sort(
      (a, b) =>
        Date.parse(a.event.at) - Date.parse(b.event.at) || a.index - b.index,
    )
    .map(({ event }) => event);
}
