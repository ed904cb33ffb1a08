import {
  createQualitySourceModule,
  scheduleFrom,
} from '@quality-pulse/plugin-quality-node';
import { readJsmOpsConfig, readOpsgenieConfig } from './config';
import { SelectorIncidentsProvider } from './SelectorIncidentsProvider';

/**
 * Registers the Opsgenie provider when `quality.providers.opsgenie` is set,
 * and the Jira Service Management operations provider when
 * `quality.providers.jsmOps` is.
 *
 * @public
 */
export const qualityModuleOpsgenie = createQualitySourceModule({
  moduleId: 'opsgenie',
  sources({ config, logger }) {
    return [readOpsgenieConfig(config), readJsmOpsConfig(config)].flatMap(
      settings => {
        if (!settings) return [];
        logger.info(
          `Quality provider ${settings.id} reads ${settings.baseUrl}`,
        );
        return [
          new SelectorIncidentsProvider({
            ...settings,
            schedule: scheduleFrom(settings.schedule),
          }),
        ];
      },
    );
  },
});
