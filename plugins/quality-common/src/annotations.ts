import { Entity } from '@backstage/catalog-model';

/**
 * The catalog annotations that map an entity to a data source. They are the keys
 * the ecosystem's own plugins already use (PRODUCT.md, "Entities and ownership"),
 * so a catalog that runs the Jira or PagerDuty plugin is configured for us too.
 *
 * @public
 */
export const QUALITY_SOURCE_ANNOTATIONS = {
  jiraProjectKey: 'jira/project-key',
  githubProjectSlug: 'github.com/project-slug',
  linearTeamKey: 'linear.app/team-key',
  clickupListId: 'clickup.com/list-id',
  pagerdutyServiceId: 'pagerduty.com/service-id',
  opsgenieComponentSelector: 'opsgenie.com/component-selector',
  firehydrantServiceName: 'firehydrant.com/service-name',
  rootlyServiceId: 'rootly.com/service-id',
} as const;

/** Annotations that say where an entity's bugs live. @public */
export const BUG_TRACKER_ANNOTATIONS: readonly string[] = [
  QUALITY_SOURCE_ANNOTATIONS.jiraProjectKey,
  QUALITY_SOURCE_ANNOTATIONS.githubProjectSlug,
  QUALITY_SOURCE_ANNOTATIONS.linearTeamKey,
  QUALITY_SOURCE_ANNOTATIONS.clickupListId,
];

/** Annotations that say where an entity's incidents live. @public */
export const INCIDENT_TOOL_ANNOTATIONS: readonly string[] = [
  QUALITY_SOURCE_ANNOTATIONS.pagerdutyServiceId,
  QUALITY_SOURCE_ANNOTATIONS.opsgenieComponentSelector,
  QUALITY_SOURCE_ANNOTATIONS.firehydrantServiceName,
  QUALITY_SOURCE_ANNOTATIONS.rootlyServiceId,
];

/** Every annotation that makes an entity show quality data. @public */
export const ALL_QUALITY_ANNOTATIONS: readonly string[] = [
  ...BUG_TRACKER_ANNOTATIONS,
  ...INCIDENT_TOOL_ANNOTATIONS,
];

/**
 * True when the entity names at least one bug tracker or incident tool.
 * Used by the frontend to decide whether to show data or the
 * "not configured" guidance, and by providers to pick their scopes.
 *
 * @public
 */
export function isQualityConfigured(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return ALL_QUALITY_ANNOTATIONS.some(key => Boolean(annotations[key]));
}
