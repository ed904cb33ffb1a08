import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createCardExtension } from '@backstage/plugin-home-react';
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
export const EntityQualityContent: () => JSX.Element = qualityPlugin.provide(
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
export const GroupQualityContent: () => JSX.Element = qualityPlugin.provide(
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
export const QualityOverviewPage: () => JSX.Element = qualityPlugin.provide(
  createRoutableExtension({
    name: 'QualityOverviewPage',
    mountPoint: qualityOverviewRouteRef,
    component: () =>
      import('./components/OrgOverviewPage').then(m => m.OrgOverviewPage),
  }),
);

/**
 * The quality scorecard card for a component's overview tab:
 * `<Grid item md={6}><EntityQualityCard /></Grid>`.
 *
 * @public
 */
export const EntityQualityCard: () => JSX.Element = qualityPlugin.provide(
  createComponentExtension({
    name: 'EntityQualityCard',
    component: {
      lazy: () =>
        import('./components/EntityQualityCard').then(m => m.EntityQualityCard),
    },
  }),
);

/**
 * "My squads' quality" for a legacy home page (`@backstage/plugin-home`):
 * `<HomePageMySquadsQualityCard />` inside the home page grid.
 *
 * @public
 */
export const HomePageMySquadsQualityCard = qualityPlugin.provide(
  createCardExtension({
    name: 'HomePageMySquadsQualityCard',
    title: "My squads' quality",
    components: () =>
      import('./components/MySquadsQuality').then(m => ({
        Content: m.MySquadsQuality,
      })),
  }),
);
