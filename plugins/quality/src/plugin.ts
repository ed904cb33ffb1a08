import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { qualityApiRef, QualityClient } from './api';
import { qualityOverviewRouteRef } from './routes';

/**
 * The Quality plugin for apps on the legacy frontend system.
 * Apps on the new frontend system use the default export of `/alpha`.
 *
 * @public
 */
export const qualityPlugin = createPlugin({
  id: 'quality',
  routes: { overview: qualityOverviewRouteRef },
  apis: [
    createApiFactory({
      api: qualityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new QualityClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The Quality tab of a service page, for `EntityLayout.Route`:
 *
 * ```tsx
 * <EntityLayout.Route path="/quality" title="Quality" if={isQualityAvailable}>
 *   <EntityQualityContent />
 * </EntityLayout.Route>
 * ```
 *
 * @public
 */
export const EntityQualityContent = qualityPlugin.provide(
  createComponentExtension({
    name: 'EntityQualityContent',
    component: {
      lazy: () =>
        import('./components/EntityQualityContent').then(
          m => m.EntityQualityContent,
        ),
    },
  }),
);

/**
 * The Quality tab of a Group page (a squad's rollup and quality budget), for
 * `EntityLayout.Route` on the group page:
 *
 * ```tsx
 * <EntityLayout.Route path="/quality" title="Quality">
 *   <GroupQualityContent />
 * </EntityLayout.Route>
 * ```
 *
 * @public
 */
export const GroupQualityContent = qualityPlugin.provide(
  createComponentExtension({
    name: 'GroupQualityContent',
    component: {
      lazy: () =>
        import('./components/GroupQualityContent').then(
          m => m.GroupQualityContent,
        ),
    },
  }),
);

/**
 * The org-wide quality overview page, for a legacy app's routes:
 * `<Route path="/quality" element={<QualityOverviewPage />} />`.
 *
 * @public
 */
export const QualityOverviewPage = qualityPlugin.provide(
  createRoutableExtension({
    name: 'QualityOverviewPage',
    mountPoint: qualityOverviewRouteRef,
    component: () =>
      import('./components/OrgOverviewPage').then(m => m.OrgOverviewPage),
  }),
);
