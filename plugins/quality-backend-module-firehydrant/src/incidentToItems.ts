import { Severity } from '@quality-pulse/plugin-quality-common';
import {
  NormalisedIncident,
  NormalisedPostmortem,
  severityOf,
  vendorDate,
} from '@quality-pulse/plugin-quality-node';
import {
  FireHydrantIncident,
  FireHydrantRetrospective,
} from './FireHydrantClient';

/** Milestones at or after resolution: the incident is over. */
const RESOLVED_MILESTONES = new Set([
  'resolved',
  'postmortem_started',
  'postmortem_completed',
  'retrospective_started',
  'retrospective_completed',
  'closed',
]);

/** When a milestone occurred: from the lifecycle phases, else the deprecated list. */
export function milestone(
  incident: FireHydrantIncident,
  slug: string,
): Date | undefined {
  const fromPhases = (incident.lifecycle_phases ?? [])
    .flatMap(phase => phase.milestones ?? [])
    .find(m => m.slug === slug)?.occurred_at;
  const deprecated = incident.milestones?.find(
    m => m.type === slug,
  )?.occurred_at;
  return vendorDate(fromPhases ?? deprecated, `milestone ${slug}`);
}

/** Over when its current milestone says so; without one, once it has a resolution. */
export function isResolved(incident: FireHydrantIncident): boolean {
  return incident.current_milestone
    ? RESOLVED_MILESTONES.has(incident.current_milestone)
    : milestone(incident, 'resolved') !== undefined;
}

const titleOf = (incident: FireHydrantIncident) =>
  `#${incident.number ?? incident.id} ${incident.name ?? '(no name)'}`;

/** The incident, once per entity its services name. */
export function toIncidents(
  incident: FireHydrantIncident,
  refs: string[],
  severity: Record<string, Severity>,
): NormalisedIncident[] {
  const startedAt =
    milestone(incident, 'started') ??
    vendorDate(incident.started_at, 'started_at') ??
    vendorDate(incident.created_at, 'created_at');
  if (!startedAt) throw new Error('the incident has no start time');
  const resolvedAt = isResolved(incident)
    ? milestone(incident, 'resolved') ?? milestone(incident, 'mitigated')
    : undefined;
  const base = {
    title: titleOf(incident),
    url: incident.incident_url ?? undefined,
    severity: severityOf([incident.severity], severity),
    startedAt,
    acknowledgedAt: milestone(incident, 'acknowledged'),
    resolvedAt,
  };
  return refs.map(entityRef => ({
    ...base,
    externalId: `${incident.id}:${entityRef}`,
    incidentKey: incident.id,
    entityRef,
  }));
}

/** The first link the incident's retrospectives were exported to. */
function exportedUrl(incident: FireHydrantIncident): string | undefined {
  for (const item of incident.retro_exports ?? []) {
    const href = (item as { href_url?: unknown })?.href_url;
    if (typeof href === 'string' && /^https?:\/\//i.test(href)) return href;
  }
  return undefined;
}

/**
 * A retrospective as a post-mortem, per entity: read where the API says it
 * is (its export, else the incident's page, which shows it), its fields as
 * the text to assess (`## label` and the value).
 */
export function toPostmortems(
  incident: FireHydrantIncident,
  retrospective: FireHydrantRetrospective,
  refs: string[],
): NormalisedPostmortem[] {
  const url = exportedUrl(incident) ?? incident.incident_url ?? undefined;
  if (!url) return [];
  const content = (retrospective.fields ?? [])
    .filter(field => field.label && field.value)
    .map(field => `## ${field.label}\n\n${field.value}`)
    .join('\n\n');
  return refs.map(entityRef => ({
    externalId: `${retrospective.id}:${entityRef}`,
    entityRef,
    title: retrospective.name ?? `Retrospective of ${titleOf(incident)}`,
    url,
    publishedAt:
      milestone(incident, 'retrospective_completed') ??
      milestone(incident, 'postmortem_completed'),
    content: content || undefined,
    subjects: [{ kind: 'incident', externalId: `${incident.id}:${entityRef}` }],
  }));
}
