import { createQualitySourceModule } from '@quality-pulse/plugin-quality-node';
import { readGithubInstances } from './config';
import { GithubDeploymentsProvider } from './GithubDeploymentsProvider';
import { GithubQualityProvider } from './GithubQualityProvider';

/**
 * Registers one provider per GitHub instance under `quality.providers.github`,
 * and its deployments provider unless `deployments.source` is `none`.
 *
 * @public
 */
export const qualityModuleGithub = createQualitySourceModule({
  moduleId: 'github',
  sources: ({ config }) =>
    readGithubInstances(config).flatMap(instance => [
      new GithubQualityProvider(instance),
      instance.deployments &&
        new GithubDeploymentsProvider(instance.deployments),
    ]),
});
