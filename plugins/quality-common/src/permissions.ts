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

/** Every permission of the suite, for registration with the permission framework. @public */
export const qualityPermissions = [qualityMetricsReadPermission];
