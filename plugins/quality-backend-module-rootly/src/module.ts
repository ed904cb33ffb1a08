import { createQualitySourceModule } from '@quality-pulse/plugin-quality-node';
import { readRootlyConfig } from './config';
import { RootlyQualityProvider } from './RootlyQualityProvider';

/**
 * Registers the Rootly provider when `quality.providers.rootly` is set.
 *
 * @public
 */
export const qualityModuleRootly = createQualitySourceModule({
  moduleId: 'rootly',
  sources: ({ config }) => {
    const settings = readRootlyConfig(config);
    return [settings && new RootlyQualityProvider(settings)];
  },
});
