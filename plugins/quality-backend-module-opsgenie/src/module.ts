import { createQualitySourceModule } from '@quality-pulse/plugin-quality-node';
import { readJsmOpsConfig, readOpsgenieConfig } from './config';
import { SelectorIncidentsProvider } from './SelectorIncidentsProvider';

/**
 * Registers the Opsgenie provider when `quality.providers.opsgenie` is set,
 * and the JSM operations provider when `quality.providers.jsmOps` is.
 *
 * @public
 */
export const qualityModuleOpsgenie = createQualitySourceModule({
  moduleId: 'opsgenie',
  sources: ({ config }) =>
    [readOpsgenieConfig(config), readJsmOpsConfig(config)].map(
      settings => settings && new SelectorIncidentsProvider(settings),
    ),
});
