import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { qualityProvidersExtensionPoint } from '@quality-pulse/plugin-quality-node';
import { readOpsgenieConfig } from './config';
import { OpsgenieQualityProvider } from './OpsgenieQualityProvider';

/**
 * Registers the Opsgenie provider when `quality.providers.opsgenie` is set.
 *
 * @public
 */
export const qualityModuleOpsgenie = createBackendModule({
  pluginId: 'quality',
  moduleId: 'opsgenie',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        providers: qualityProvidersExtensionPoint,
      },
      async init({ config, logger, providers }) {
        const settings = readOpsgenieConfig(config);
        if (!settings) return;
        providers.addProvider(
          new OpsgenieQualityProvider({
            ...settings,
            schedule: settings.schedule
              ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                  settings.schedule,
                )
              : undefined,
          }),
        );
        logger.info(`Quality Opsgenie provider reads ${settings.baseUrl}`);
      },
    });
  },
});
