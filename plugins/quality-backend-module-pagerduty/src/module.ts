import {
  createQualitySourceModule,
  scheduleFrom,
} from '@quality-pulse/plugin-quality-node';
import { readPagerDutyConfig } from './config';
import { PagerDutyQualityProvider } from './PagerDutyQualityProvider';

/**
 * Registers the PagerDuty provider when `quality.providers.pagerduty` is set.
 *
 * @public
 */
export const qualityModulePagerDuty = createQualitySourceModule({
  moduleId: 'pagerduty',
  sources({ config, logger }) {
    const settings = readPagerDutyConfig(config);
    if (!settings) return [];
    logger.info(
      `Quality PagerDuty provider reads ${settings.baseUrl}; webhooks ${
        settings.webhookSecret ? 'on' : 'off (no webhookSecret)'
      }`,
    );
    return [
      new PagerDutyQualityProvider({
        ...settings,
        schedule: scheduleFrom(settings.schedule),
      }),
    ];
  },
});
