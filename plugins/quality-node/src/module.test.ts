import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { qualityProvidersExtensionPoint } from './extensionPoints';
import { createQualitySourceModule, scheduleFrom } from './module';
import { QualityProvider } from './provider';
import { ConfigReader } from '@backstage/config';

/** A stand-in for the quality backend: it only collects what modules add. */
function collectingPlugin(added: string[]) {
  return createBackendPlugin({
    pluginId: 'quality',
    register(env) {
      env.registerExtensionPoint(qualityProvidersExtensionPoint, {
        addProvider: (...providers) => added.push(...providers.map(p => p.id)),
      });
      env.registerInit({
        deps: { logger: coreServices.logger },
        async init() {},
      });
    },
  });
}

const provider = (id: string): QualityProvider => ({
  id,
  reads: ['bugs'],
  sync: async () => {},
});

describe('createQualitySourceModule', () => {
  it('adds the sources it makes from config, and none when unconfigured', async () => {
    const added: string[] = [];
    const module = (moduleId: string) =>
      createQualitySourceModule({
        moduleId,
        sources: ({ config }) =>
          (
            config.getOptionalStringArray(`quality.providers.${moduleId}`) ?? []
          ).map(provider),
      });
    await startTestBackend({
      features: [
        collectingPlugin(added),
        module('tracker'),
        module('pager'),
        mockServices.rootConfig.factory({
          data: { quality: { providers: { tracker: ['jira-a', 'jira-b'] } } },
        }),
      ],
    });
    expect(added).toEqual(['jira-a', 'jira-b']);
  });

  it('reads a schedule block as the scheduler takes it', () => {
    expect(scheduleFrom(undefined)).toBeUndefined();
    expect(
      scheduleFrom(
        new ConfigReader({ frequency: { minutes: 5 }, timeout: 'PT10M' }),
      ),
    ).toMatchObject({ frequency: { minutes: 5 }, timeout: { minutes: 10 } });
  });
});
