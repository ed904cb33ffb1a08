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

/** Every permission of the suite, for registration with the permission framework. @public */
export const qualityPermissions = [
  qualityMetricsReadPermission,
  qualityScorecardReadPermission,
  qualityOpenMetricsReadPermission,
  qualityLearningUpdatePermission,
];
