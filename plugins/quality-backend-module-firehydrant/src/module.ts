import {
  createQualitySourceModule,
  scheduleFrom,
} from '@quality-pulse/plugin-quality-node';
import { readFireHydrantConfig } from './config';
import { FireHydrantQualityProvider } from './FireHydrantQualityProvider';

/**
 * Registers the FireHydrant provider when `quality.providers.firehydrant` is set.
 *
 * @public
 */
export const qualityModuleFireHydrant = createQualitySourceModule({
  moduleId: 'firehydrant',
  sources({ config, logger }) {
    const settings = readFireHydrantConfig(config);
    if (!settings) return [];
    logger.info(`Quality FireHydrant provider reads ${settings.baseUrl}`);
    return [
      new FireHydrantQualityProvider({
        ...settings,
        schedule: scheduleFrom(settings.schedule),
      }),
    ];
  },
});
