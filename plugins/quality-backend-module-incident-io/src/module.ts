import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { qualityProvidersExtensionPoint } from '@quality-pulse/plugin-quality-node';
import { readIncidentIoConfig } from './config';
import { IncidentIoQualityProvider } from './IncidentIoQualityProvider';

/**
 * Registers the incident.io provider when `quality.providers.incidentIo` is set.
 *
 * @public
 */
export const qualityModuleIncidentIo = createBackendModule({
  pluginId: 'quality',
  moduleId: 'incident-io',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        providers: qualityProvidersExtensionPoint,
      },
      async init({ config, logger, providers }) {
        const settings = readIncidentIoConfig(config);
        if (!settings) return;
        providers.addProvider(
          new IncidentIoQualityProvider({
            ...settings,
            schedule: settings.schedule
              ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                  settings.schedule,
                )
              : undefined,
          }),
        );
        logger.info(
          `Quality incident.io provider reads ${settings.baseUrl}; webhooks ${
            settings.webhookSecret ? 'on' : 'off (no webhookSecret)'
          }`,
        );
      },
    });
  },
});
