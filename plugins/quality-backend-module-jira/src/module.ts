import {
  createQualitySourceModule,
  scheduleFrom,
} from '@quality-pulse/plugin-quality-node';
import { readJiraInstances } from './config';
import { JiraQualityProvider } from './JiraQualityProvider';

/**
 * Registers one provider per Jira site under `quality.providers.jira`.
 *
 * @public
 */
export const qualityModuleJira = createQualitySourceModule({
  moduleId: 'jira',
  sources({ config, logger }) {
    return readJiraInstances(config, logger).map(instance => {
      // The base URL only: tokens are never logged.
      logger.info(
        `Quality Jira provider ${instance.id} reads ${instance.baseUrl} (${instance.deployment})`,
      );
      return new JiraQualityProvider({
        ...instance,
        schedule: scheduleFrom(instance.schedule),
      });
    });
  },
});
