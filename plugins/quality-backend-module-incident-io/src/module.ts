import { createQualitySourceModule } from '@quality-pulse/plugin-quality-node';
import { readIncidentIoConfig } from './config';
import { IncidentIoQualityProvider } from './IncidentIoQualityProvider';

/**
 * Registers the incident.io provider when `quality.providers.incidentIo` is set.
 *
 * @public
 */
export const qualityModuleIncidentIo = createQualitySourceModule({
  moduleId: 'incident-io',
  sources: ({ config }) => {
    const settings = readIncidentIoConfig(config);
    return [settings && new IncidentIoQualityProvider(settings)];
  },
});
