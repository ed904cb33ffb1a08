import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { qualityProvidersExtensionPoint } from '@quality-pulse/plugin-quality-node';
import { readJsmOpsConfig, readOpsgenieConfig } from './config';
import { SelectorIncidentsProvider } from './SelectorIncidentsProvider';

/**
 * Registers the Opsgenie provider when `quality.providers.opsgenie` is set,
 * and the Jira Service Management operations provider when
 * `quality.providers.jsmOps` is.
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
        for (const settings of [
          readOpsgenieConfig(config),
          readJsmOpsConfig(config),
        ]) {
          if (!settings) continue;
          providers.addProvider(
            new SelectorIncidentsProvider({
              ...settings,
              schedule: settings.schedule
                ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                    settings.schedule,
                  )
                : undefined,
            }),
          );
          logger.info(
            `Quality provider ${settings.id} reads ${settings.baseUrl}`,
          );
        }
      },
    });
  },
});
