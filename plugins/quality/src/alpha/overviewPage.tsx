import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { QualityIcon } from '../components/QualityIcon';

/** The org-wide quality overview at /quality, with its sidebar entry. */
export const qualityOverviewPage = PageBlueprint.make({
  params: {
    path: '/quality',
    title: 'Quality',
    icon: <QualityIcon />,
    loader: () =>
      import('../components/OrgOverviewPage').then(m => <m.OrgOverviewPage />),
  },
});
