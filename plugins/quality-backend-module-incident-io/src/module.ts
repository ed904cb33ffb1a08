import {
  createQualitySourceModule,
  scheduleFrom,
} from '@quality-pulse/plugin-quality-node';
import { readIncidentIoConfig } from './config';
import { IncidentIoQualityProvider } from './IncidentIoQualityProvider';

/**
 * Registers the incident.io provider when `quality.providers.incidentIo` is set.
 *
 * @public
 */
export const qualityModuleIncidentIo = createQualitySourceModule({
  moduleId: 'incident-io',
  sources({ config, logger }) {
    const settings = readIncidentIoConfig(config);
    if (!settings) return [];
    logger.info(
      `Quality incident.io provider reads ${settings.baseUrl}; webhooks ${
        settings.webhookSecret ? 'on' : 'off (no webhookSecret)'
      }`,
    );
    return [
      new IncidentIoQualityProvider({
        ...settings,
        schedule: scheduleFrom(settings.schedule),
      }),
    ];
  },
});
