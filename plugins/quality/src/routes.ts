import { createRouteRef } from '@backstage/core-plugin-api';

/** The org-wide overview page, for legacy apps' routes. @public */
export const qualityOverviewRouteRef = createRouteRef({
  id: 'quality:overview',
});
