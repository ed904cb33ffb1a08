import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { qualityProvidersExtensionPoint } from '@quality-pulse/plugin-quality-node';
import { readJiraInstances } from './config';
import { JiraQualityProvider } from './JiraQualityProvider';

/**
 * Registers one provider per Jira site under `quality.providers.jira`.
 *
 * @public
 */
export const qualityModuleJira = createBackendModule({
  pluginId: 'quality',
  moduleId: 'jira',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        providers: qualityProvidersExtensionPoint,
      },
      async init({ config, logger, providers }) {
        const instances = readJiraInstances(config, logger);
        for (const instance of instances) {
          providers.addProvider(
            new JiraQualityProvider({
              ...instance,
              schedule: instance.schedule
                ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                    instance.schedule,
                  )
                : undefined,
            }),
          );
          // The base URL only: tokens are never logged.
          logger.info(
            `Quality Jira provider ${instance.id} reads ${instance.baseUrl} (${instance.deployment})`,
          );
        }
      },
    });
  },
});
