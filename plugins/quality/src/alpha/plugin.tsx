import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { qualityApi } from './apis';
import {
  entityQualityCard,
  entityQualityContent,
  groupQualityContent,
} from './entityContent';
import { mySquadsQualityWidget } from './homeWidget';
import {
  qualityOverviewPage,
  qualityOverviewPageRouteRef,
} from './overviewPage';

/**
 * The Quality plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'quality',
  title: 'Quality',
  info: { packageJson: () => import('../../package.json') },
  routes: { overview: qualityOverviewPageRouteRef },
  extensions: [
    qualityApi,
    entityQualityContent,
    groupQualityContent,
    entityQualityCard,
    qualityOverviewPage,
    mySquadsQualityWidget,
  ],
});
