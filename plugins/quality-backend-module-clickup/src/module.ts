import {
  createQualitySourceModule,
  scheduleFrom,
} from '@quality-pulse/plugin-quality-node';
import { readClickUpInstances } from './config';
import { ClickUpQualityProvider } from './ClickUpQualityProvider';

/**
 * Registers one provider per ClickUp token under `quality.providers.clickup`.
 *
 * @public
 */
export const qualityModuleClickUp = createQualitySourceModule({
  moduleId: 'clickup',
  sources({ config, logger }) {
    return readClickUpInstances(config).map(instance => {
      // The API URL only: tokens are never logged.
      logger.info(
        `Quality ClickUp provider ${instance.id} reads ${instance.baseUrl}`,
      );
      return new ClickUpQualityProvider({
        ...instance,
        schedule: scheduleFrom(instance.schedule),
      });
    });
  },
});
