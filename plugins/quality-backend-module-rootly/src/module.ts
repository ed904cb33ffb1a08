import {
  createQualitySourceModule,
  scheduleFrom,
} from '@quality-pulse/plugin-quality-node';
import { readRootlyConfig } from './config';
import { RootlyQualityProvider } from './RootlyQualityProvider';

/**
 * Registers the Rootly provider when `quality.providers.rootly` is set.
 *
 * @public
 */
export const qualityModuleRootly = createQualitySourceModule({
  moduleId: 'rootly',
  sources({ config, logger }) {
    const settings = readRootlyConfig(config);
    if (!settings) return [];
    logger.info(`Quality Rootly provider reads ${settings.baseUrl}`);
    return [
      new RootlyQualityProvider({
        ...settings,
        schedule: scheduleFrom(settings.schedule),
      }),
    ];
  },
});
