import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { qualityProvidersExtensionPoint } from '@quality-pulse/plugin-quality-node';
import { readFireHydrantConfig } from './config';
import { FireHydrantQualityProvider } from './FireHydrantQualityProvider';

/**
 * Registers the FireHydrant provider when `quality.providers.firehydrant` is set.
 *
 * @public
 */
export const qualityModuleFireHydrant = createBackendModule({
  pluginId: 'quality',
  moduleId: 'firehydrant',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        providers: qualityProvidersExtensionPoint,
      },
      async init({ config, logger, providers }) {
        const settings = readFireHydrantConfig(config);
        if (!settings) return;
        providers.addProvider(
          new FireHydrantQualityProvider({
            ...settings,
            schedule: settings.schedule
              ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                  settings.schedule,
                )
              : undefined,
          }),
        );
        logger.info(`Quality FireHydrant provider reads ${settings.baseUrl}`);
      },
    });
  },
});
