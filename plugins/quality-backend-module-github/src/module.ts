import {
  createQualitySourceModule,
  scheduleFrom,
} from '@quality-pulse/plugin-quality-node';
import { readGithubInstances } from './config';
import { GithubDeploymentsProvider } from './GithubDeploymentsProvider';
import { GithubQualityProvider } from './GithubQualityProvider';

/**
 * Registers one provider per GitHub instance under `quality.providers.github`.
 *
 * @public
 */
export const qualityModuleGithub = createQualitySourceModule({
  moduleId: 'github',
  sources({ config, logger }) {
    return readGithubInstances(config).flatMap(instance => {
      // The base URL only: tokens are never logged.
      logger.info(
        `Quality GitHub provider ${instance.id} reads ${instance.apiBaseUrl}`,
      );
      const schedule = scheduleFrom(instance.schedule);
      return [
        new GithubQualityProvider({ ...instance, schedule }),
        ...(instance.deployments
          ? [
              new GithubDeploymentsProvider({
                ...instance.deployments,
                schedule,
              }),
            ]
          : []),
      ];
    });
  },
});
