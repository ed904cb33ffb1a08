import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { qualityProvidersExtensionPoint } from '@quality-pulse/plugin-quality-node';
import { readRootlyConfig } from './config';
import { RootlyQualityProvider } from './RootlyQualityProvider';

/**
 * Registers the Rootly provider when `quality.providers.rootly` is set.
 *
 * @public
 */
export const qualityModuleRootly = createBackendModule({
  pluginId: 'quality',
  moduleId: 'rootly',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        providers: qualityProvidersExtensionPoint,
      },
      async init({ config, logger, providers }) {
        const settings = readRootlyConfig(config);
        if (!settings) return;
        providers.addProvider(
          new RootlyQualityProvider({
            ...settings,
            schedule: settings.schedule
              ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                  settings.schedule,
                )
              : undefined,
          }),
        );
        logger.info(`Quality Rootly provider reads ${settings.baseUrl}`);
      },
    });
  },
});
