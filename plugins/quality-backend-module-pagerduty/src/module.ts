import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { qualityProvidersExtensionPoint } from '@quality-pulse/plugin-quality-node';
import { readPagerDutyConfig } from './config';
import { PagerDutyQualityProvider } from './PagerDutyQualityProvider';

/**
 * Registers the PagerDuty provider when `quality.providers.pagerduty` is set.
 *
 * @public
 */
export const qualityModulePagerDuty = createBackendModule({
  pluginId: 'quality',
  moduleId: 'pagerduty',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        providers: qualityProvidersExtensionPoint,
      },
      async init({ config, logger, providers }) {
        const settings = readPagerDutyConfig(config);
        if (!settings) return;
        providers.addProvider(
          new PagerDutyQualityProvider({
            ...settings,
            schedule: settings.schedule
              ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                  settings.schedule,
                )
              : undefined,
          }),
        );
        logger.info(
          `Quality PagerDuty provider reads ${settings.baseUrl}; webhooks ${
            settings.webhookSecret ? 'on' : 'off (no webhookSecret)'
          }`,
        );
      },
    });
  },
});
