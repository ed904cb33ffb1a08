import { createRouteRef, PageBlueprint } from '@backstage/frontend-plugin-api';
import { QualityIcon } from '../components/QualityIcon';

/** The overview page's route; a page with a route ref gets a sidebar entry. @alpha */
export const qualityOverviewPageRouteRef = createRouteRef();

/** The org-wide quality overview at /quality, with its sidebar entry. */
export const qualityOverviewPage = PageBlueprint.make({
  params: {
    path: '/quality',
    routeRef: qualityOverviewPageRouteRef,
    title: 'Quality',
    icon: <QualityIcon />,
    loader: () =>
      import('../components/OrgOverviewPage').then(m => <m.OrgOverviewPage />),
  },
});
