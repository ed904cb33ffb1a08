import { Severity } from '@quality-pulse/plugin-quality-common';
import {
  NormalisedIncident,
  NormalisedPostmortem,
  severityOf,
} from '@quality-pulse/plugin-quality-node';
import { IncidentIoIncident } from './IncidentIoClient';

export interface IncidentIoMapping {
  /** The custom field whose values name the affected services. */
  catalogField: string;
  /** Severity name → severity. */
  severity: Record<string, Severity>;
  /** Timestamp names, first present wins. */
  startedTimestamps: string[];
  acknowledgedTimestamps: string[];
  resolvedTimestamps: string[];
}

/** Incidents in these modes are drills, not incidents. */
const IGNORED_MODES = new Set(['test', 'tutorial']);
/**
 * Status categories after service is restored: `learning` is the post-incident
 * flow (named "Post-incident" in the app), then `closed`. `live`, `triage`,
 * `paused` and any category added later count as open.
 */
const CLOSED_CATEGORIES = new Set(['closed', 'learning']);

export const isIgnored = (incident: IncidentIoIncident) =>
  IGNORED_MODES.has(incident.mode ?? '') ||
  ['declined', 'canceled', 'merged'].includes(
    incident.incident_status.category,
  );

/** The names a field value can go by: catalog entry external id, name and aliases, or text. */
export function affectedServiceNames(
  incident: IncidentIoIncident,
  field: string,
): string[] {
  const entry = (incident.custom_field_entries ?? []).find(
    e => e.custom_field.name.toLowerCase() === field.toLowerCase(),
  );
  return (entry?.values ?? [])
    .flatMap(value => [
      ...(value.value_catalog_entry
        ? [
            value.value_catalog_entry.external_id ?? '',
            value.value_catalog_entry.name,
            ...(value.value_catalog_entry.aliases ?? []),
          ]
        : []),
      value.value_text ?? '',
      value.value_option?.value ?? '',
    ])
    .filter(Boolean);
}

function timestamp(
  incident: IncidentIoIncident,
  names: string[],
): Date | undefined {
  for (const name of names) {
    const value = (incident.incident_timestamp_values ?? []).find(
      t => t.incident_timestamp.name.toLowerCase() === name.toLowerCase(),
    )?.value?.value;
    if (value) {
      const parsed = Date.parse(value);
      if (!Number.isFinite(parsed)) {
        throw new Error(
          `timestamp "${name}" is not a date: ${JSON.stringify(value)}`,
        );
      }
      return new Date(parsed);
    }
  }
  return undefined;
}

/**
 * One incident per affected service (an incident can hit several), keyed
 * `<incident id>:<entity ref>`; started at the impact timestamp or creation,
 * resolved at the resolution timestamp once the incident is resolved.
 */
export function toItems(
  incident: IncidentIoIncident,
  entityRefs: string[],
  mapping: IncidentIoMapping,
): { incidents: NormalisedIncident[]; postmortems: NormalisedPostmortem[] } {
  const created = Date.parse(incident.created_at);
  if (!Number.isFinite(created)) {
    throw new Error(
      `created_at is not a date: ${JSON.stringify(incident.created_at)}`,
    );
  }
  const startedAt =
    timestamp(incident, mapping.startedTimestamps) ?? new Date(created);
  const acknowledgedAt = timestamp(incident, mapping.acknowledgedTimestamps);
  // Without a resolution timestamp an incident is not resolved: its last
  // update is not when service was restored (issue 18: it inflated MTTR).
  const resolvedAt = CLOSED_CATEGORIES.has(incident.incident_status.category)
    ? timestamp(incident, mapping.resolvedTimestamps)
    : undefined;
  const severity = severityOf([incident.severity?.name], mapping.severity);
  const incidents = entityRefs.map(entityRef => ({
    externalId: `${incident.id}:${entityRef}`,
    incidentKey: incident.id,
    entityRef,
    title: `${incident.reference} ${incident.name}`,
    url: incident.permalink ?? undefined,
    severity,
    startedAt,
    acknowledgedAt,
    resolvedAt,
  }));
  const postmortems = incident.postmortem_document_url
    ? entityRefs.map(entityRef => ({
        externalId: `${incident.id}:${entityRef}:postmortem`,
        entityRef,
        title: `Post-mortem of ${incident.reference} ${incident.name}`,
        url: incident.postmortem_document_url!,
        subjects: [
          {
            kind: 'incident' as const,
            externalId: `${incident.id}:${entityRef}`,
          },
        ],
      }))
    : [];
  return { incidents, postmortems };
}
