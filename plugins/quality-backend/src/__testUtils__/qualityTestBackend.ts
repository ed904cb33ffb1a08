// Test helper: the quality plugin in a test backend with a catalog and a database.
import {
  BackendFeature,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import {
  QualityProvider,
  qualityProvidersExtensionPoint,
} from '@quality-pulse/plugin-quality-node';
import request from 'supertest';
import { qualityPlugin } from '../plugin';

/**
 * Starts the quality plugin with a catalog of `entities`, the given database,
 * and a scheduler that runs the start-up sync at once; `features` adds
 * provider modules and other services.
 */
export function startQualityBackend(options: {
  knex: Knex;
  entities: Entity[];
  features?: BackendFeature[];
}) {
  return startTestBackend({
    features: [
      qualityPlugin,
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      ...(options.features ?? []),
    ],
  });
}

/** GET on the quality API as a signed-in user. */
export function getAsUser(server: any, path: string) {
  return request(server)
    .get(`/api/quality${path}`)
    .set('authorization', mockCredentials.user.header());
}

/** A backend module registering `providers` through the extension point, as a real data-source module does. */
export function providerModule(
  moduleId: string,
  ...providers: QualityProvider[]
) {
  return createBackendModule({
    pluginId: 'quality',
    moduleId,
    register(reg) {
      reg.registerInit({
        deps: { extension: qualityProvidersExtensionPoint },
        async init({ extension }) {
          extension.addProvider(...providers);
        },
      });
    },
  });
}
