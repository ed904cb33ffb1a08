import { createQualitySourceModule } from '@quality-pulse/plugin-quality-node';
import { readFireHydrantConfig } from './config';
import { FireHydrantQualityProvider } from './FireHydrantQualityProvider';

/**
 * Registers the FireHydrant provider when `quality.providers.firehydrant` is set.
 *
 * @public
 */
export const qualityModuleFireHydrant = createQualitySourceModule({
  moduleId: 'firehydrant',
  sources: ({ config }) => {
    const settings = readFireHydrantConfig(config);
    return [settings && new FireHydrantQualityProvider(settings)];
  },
});
