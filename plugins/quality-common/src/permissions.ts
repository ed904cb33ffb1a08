import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading an entity's quality metrics. Catalog visibility is checked as well:
 * a caller who cannot see the entity in the catalog gets nothing for it.
 *
 * @public
 */
export const qualityMetricsReadPermission = createPermission({
  name: 'quality.metrics.read',
  attributes: { action: 'read' },
});

/**
 * Reading scorecards: levels, check results and their history, through the
 * API and the actions registry. Catalog visibility applies as above.
 *
 * @public
 */
export const qualityScorecardReadPermission = createPermission({
  name: 'quality.scorecard.read',
  attributes: { action: 'read' },
});

/**
 * Scraping the Prometheus/OpenMetrics endpoint, which reports every entity's
 * and squad's aggregates at once (never per person). Separate from the read
 * permissions because a scraper sees the whole org, not what the catalog
 * shows one user.
 *
 * @public
 */
export const qualityOpenMetricsReadPermission = createPermission({
  name: 'quality.openmetrics.read',
  attributes: { action: 'read' },
});

/**
 * Recording what a squad learns: pasting a post-mortem link, adding or
 * updating its action items, recording the four-week follow-up review and
 * planning bug-bash days. The caller must also see the entity or group.
 *
 * @public
 */
export const qualityLearningUpdatePermission = createPermission({
  name: 'quality.learning.update',
  attributes: { action: 'update' },
});

/**
 * Pushing bugs, incidents and deployments through `POST /v1/bugs`,
 * `/v1/incidents` and `/v1/deployments` (CI, release tooling). Only service
 * principals may push at all; this permission says which ones. Backstage
 * grants a service token every permission unless its access restrictions
 * list some, so a scraper token restricted to `quality.openmetrics.read`
 * cannot push.
 *
 * @public
 */
export const qualityPushCreatePermission = createPermission({
  name: 'quality.push.create',
  attributes: { action: 'create' },
});

/**
 * Org-wide operational views that list every entity and scope whatever the
 * caller can see in the catalog — the sync status of every provider — and
 * asking for a scorecard evaluation now. For platform admins.
 *
 * @public
 */
export const qualityAdminReadPermission = createPermission({
  name: 'quality.admin.read',
  attributes: { action: 'read' },
});

/** Every permission of the suite, for registration with the permission framework. @public */
export const qualityPermissions = [
  qualityMetricsReadPermission,
  qualityScorecardReadPermission,
  qualityOpenMetricsReadPermission,
  qualityLearningUpdatePermission,
  qualityPushCreatePermission,
  qualityAdminReadPermission,
];
