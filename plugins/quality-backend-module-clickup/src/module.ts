import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { qualityProvidersExtensionPoint } from '@quality-pulse/plugin-quality-node';
import { readClickUpInstances } from './config';
import { ClickUpQualityProvider } from './ClickUpQualityProvider';

/**
 * Registers one provider per ClickUp token under `quality.providers.clickup`.
 *
 * @public
 */
export const qualityModuleClickUp = createBackendModule({
  pluginId: 'quality',
  moduleId: 'clickup',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        providers: qualityProvidersExtensionPoint,
      },
      async init({ config, logger, providers }) {
        const instances = readClickUpInstances(config);
        for (const instance of instances) {
          providers.addProvider(
            new ClickUpQualityProvider({
              ...instance,
              schedule: instance.schedule
                ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                    instance.schedule,
                  )
                : undefined,
            }),
          );
          // The API URL only: tokens are never logged.
          logger.info(
            `Quality ClickUp provider ${instance.id} reads ${instance.baseUrl}`,
          );
        }
      },
    });
  },
});
