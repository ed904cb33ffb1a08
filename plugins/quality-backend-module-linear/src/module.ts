import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { qualityProvidersExtensionPoint } from '@quality-pulse/plugin-quality-node';
import { readLinearInstances } from './config';
import { LinearQualityProvider } from './LinearQualityProvider';

/**
 * Registers one provider per Linear workspace under `quality.providers.linear`.
 *
 * @public
 */
export const qualityModuleLinear = createBackendModule({
  pluginId: 'quality',
  moduleId: 'linear',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        providers: qualityProvidersExtensionPoint,
      },
      async init({ config, logger, providers }) {
        const instances = readLinearInstances(config);
        for (const instance of instances) {
          providers.addProvider(
            new LinearQualityProvider({
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
            `Quality Linear provider ${instance.id} reads ${
              instance.apiUrl ?? 'https://api.linear.app/graphql'
            }`,
          );
        }
      },
    });
  },
});
