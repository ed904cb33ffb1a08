import { createQualitySourceModule } from '@quality-pulse/plugin-quality-node';
import { readPagerDutyConfig } from './config';
import { PagerDutyQualityProvider } from './PagerDutyQualityProvider';

/**
 * Registers the PagerDuty provider when `quality.providers.pagerduty` is set.
 *
 * @public
 */
export const qualityModulePagerDuty = createQualitySourceModule({
  moduleId: 'pagerduty',
  sources: ({ config }) => {
    const settings = readPagerDutyConfig(config);
    return [settings && new PagerDutyQualityProvider(settings)];
  },
});
