import { createQualitySourceModule } from '@quality-pulse/plugin-quality-node';
import { readClickUpInstances } from './config';
import { ClickUpQualityProvider } from './ClickUpQualityProvider';

/**
 * Registers one provider per ClickUp token under `quality.providers.clickup`.
 *
 * @public
 */
export const qualityModuleClickUp = createQualitySourceModule({
  moduleId: 'clickup',
  sources: ({ config }) =>
    readClickUpInstances(config).map(
      instance => new ClickUpQualityProvider(instance),
    ),
});
