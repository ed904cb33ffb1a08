import {
  createQualitySourceModule,
  scheduleFrom,
} from '@quality-pulse/plugin-quality-node';
import { readLinearInstances } from './config';
import { LinearQualityProvider } from './LinearQualityProvider';

/**
 * Registers one provider per Linear workspace under `quality.providers.linear`.
 *
 * @public
 */
export const qualityModuleLinear = createQualitySourceModule({
  moduleId: 'linear',
  sources({ config, logger }) {
    return readLinearInstances(config).map(instance => {
      // The API URL only: tokens are never logged.
      logger.info(
        `Quality Linear provider ${instance.id} reads ${
          instance.apiUrl ?? 'https://api.linear.app/graphql'
        }`,
      );
      return new LinearQualityProvider({
        ...instance,
        schedule: scheduleFrom(instance.schedule),
      });
    });
  },
});
