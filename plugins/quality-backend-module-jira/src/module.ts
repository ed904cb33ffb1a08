import { createQualitySourceModule } from '@quality-pulse/plugin-quality-node';
import { readJiraInstances } from './config';
import { JiraQualityProvider } from './JiraQualityProvider';

/**
 * Registers one provider per Jira site under `quality.providers.jira`
 * (Cloud or Data Center).
 *
 * @public
 */
export const qualityModuleJira = createQualitySourceModule({
  moduleId: 'jira',
  sources: ({ config, logger }) =>
    readJiraInstances(config, logger).map(
      instance => new JiraQualityProvider(instance),
    ),
});
