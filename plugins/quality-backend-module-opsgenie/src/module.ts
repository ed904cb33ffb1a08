import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { qualityProvidersExtensionPoint } from '@quality-pulse/plugin-quality-node';
import { readJsmOpsConfig, readOpsgenieConfig } from './config';
import { JsmOpsQualityProvider } from './JsmOpsQualityProvider';
import { OpsgenieQualityProvider } from './OpsgenieQualityProvider';

/**
 * Registers the Opsgenie provider when `quality.providers.opsgenie` is set, and the
 * Jira Service Management operations provider when `quality.providers.jsmOps` is.
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
        const jsm = readJsmOpsConfig(config);
        if (jsm) {
          providers.addProvider(
            new JsmOpsQualityProvider({
              ...jsm,
              schedule: jsm.schedule
                ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                    jsm.schedule,
                  )
                : undefined,
            }),
          );
          logger.info(
            `Quality JSM operations provider reads ${jsm.baseUrl} (cloud ${jsm.cloudId})`,
          );
        }
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
