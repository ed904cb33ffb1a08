import { createQualitySourceModule } from '@quality-pulse/plugin-quality-node';
import { readLinearInstances } from './config';
import { LinearQualityProvider } from './LinearQualityProvider';

/**
 * Registers one provider per Linear workspace under `quality.providers.linear`.
 *
 * @public
 */
export const qualityModuleLinear = createQualitySourceModule({
  moduleId: 'linear',
  sources: ({ config }) =>
    readLinearInstances(config).map(
      instance => new LinearQualityProvider(instance),
    ),
});
