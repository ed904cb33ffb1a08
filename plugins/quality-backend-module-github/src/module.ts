import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { qualityProvidersExtensionPoint } from '@quality-pulse/plugin-quality-node';
import { readGithubInstances } from './config';
import { GithubDeploymentsProvider } from './GithubDeploymentsProvider';
import { GithubQualityProvider } from './GithubQualityProvider';

/**
 * Registers one provider per GitHub instance under `quality.providers.github`.
 *
 * @public
 */
export const qualityModuleGithub = createBackendModule({
  pluginId: 'quality',
  moduleId: 'github',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        providers: qualityProvidersExtensionPoint,
      },
      async init({ config, logger, providers }) {
        const instances = readGithubInstances(config);
        for (const instance of instances) {
          providers.addProvider(
            new GithubQualityProvider({
              ...instance,
              schedule: instance.schedule
                ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                    instance.schedule,
                  )
                : undefined,
            }),
          );
          if (instance.deployments) {
            providers.addProvider(
              new GithubDeploymentsProvider({
                ...instance.deployments,
                schedule: instance.schedule
                  ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                      instance.schedule,
                    )
                  : undefined,
              }),
            );
          }
          // The base URL only: tokens are never logged.
          logger.info(
            `Quality GitHub provider ${instance.id} reads ${instance.apiBaseUrl}`,
          );
        }
      },
    });
  },
});
