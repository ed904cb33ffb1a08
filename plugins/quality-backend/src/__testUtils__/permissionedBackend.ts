// Test helper: the quality plugin behind Backstage's real catalog, permission
// backend (with a real policy), permissions service and MCP actions backend.
import {
  BackendFeature,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { qualityPlugin } from '../plugin';

/** The quality plugin gets the database under test; every other plugin its own in-memory SQLite. */
function databasesWith(quality: Knex) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    async factory({ plugin }) {
      const client =
        plugin.getId() === 'quality'
          ? quality
          : knexFactory({
              client: 'better-sqlite3',
              connection: ':memory:',
              useNullAsDefault: true,
            });
      return { getClient: async () => client };
    },
  });
}

/** Puts `entities` into the real catalog through an entity provider, as a real installation would. */
function catalogEntities(entities: Entity[]) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-entities',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider({
            getProviderName: () => 'test-entities',
            async connect(connection) {
              await connection.applyMutation({
                type: 'full',
                entities: entities.map(entity => ({
                  entity: {
                    ...entity,
                    metadata: {
                      ...entity.metadata,
                      annotations: {
                        'backstage.io/managed-by-location':
                          'url:https://example.com/catalog-info.yaml',
                        'backstage.io/managed-by-origin-location':
                          'url:https://example.com/catalog-info.yaml',
                        ...entity.metadata.annotations,
                      },
                    },
                  },
                  locationKey: 'test-entities',
                })),
              });
            },
          });
        },
      });
    },
  });
}

/** What mock service tokens start with (backend-test-utils); what follows is JSON. */
const MOCK_SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * Mock credentials with one thing real ones have: a user's request that a
 * plugin forwards on the user's behalf names the plugin as its actor. The
 * permission backend refuses conditional decisions for direct user requests,
 * so without it the catalog could not ask for one.
 */
const httpAuthWithActors = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    return {
      issueUserCookie: (res, options) => inner.issueUserCookie(res, options),
      async credentials(req: any, options?: any) {
        const credentials: any = await inner.credentials(req, options);
        const token = /^Bearer (\S+)$/i.exec(
          req.headers.authorization ?? '',
        )?.[1];
        if (
          credentials.principal.type === 'user' &&
          token?.startsWith(MOCK_SERVICE_TOKEN_PREFIX)
        ) {
          const { sub } = JSON.parse(
            token.slice(MOCK_SERVICE_TOKEN_PREFIX.length),
          );
          return mockCredentials.user(credentials.principal.userEntityRef, {
            actor: { subject: sub ?? 'plugin:unknown' },
          });
        }
        return credentials;
      },
    } as typeof inner;
  },
});

function policyModule(policy: PermissionPolicy) {
  return createBackendModule({
    pluginId: 'permission',
    moduleId: 'test-policy',
    register(reg) {
      reg.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy: extension }) {
          extension.setPolicy(policy);
        },
      });
    },
  });
}

/**
 * Starts the quality plugin with the real catalog holding `entities`, the
 * real permission framework deciding with `policy`, and the MCP actions
 * backend serving the quality actions. Resolves once the catalog has
 * processed every entity.
 */
export async function startPermissionedBackend(options: {
  knex: Knex;
  entities: Entity[];
  policy: PermissionPolicy;
  features?: BackendFeature[];
  config?: Record<string, unknown>;
}) {
  const backend = await startTestBackend({
    features: [
      qualityPlugin,
      import('@backstage/plugin-catalog-backend'),
      import('@backstage/plugin-permission-backend'),
      import('@backstage/plugin-mcp-actions-backend'),
      catalogEntities(options.entities),
      policyModule(options.policy),
      databasesWith(options.knex),
      httpAuthWithActors,
      permissionsServiceFactory,
      permissionsRegistryServiceFactory,
      actionsRegistryServiceFactory,
      actionsServiceFactory,
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          backend: { actions: { pluginSources: ['quality'] } },
          catalog: { processingInterval: { seconds: 1 } },
          ...options.config,
        },
      }),
      ...(options.features ?? []),
    ],
  });
  // The catalog processes what the provider added in the background.
  const expected = options.entities.length;
  for (let attempt = 0; attempt < 300; attempt++) {
    const response = await request(backend.server)
      .get('/api/catalog/entities/by-query?limit=1000')
      .set('authorization', mockCredentials.service.header());
    if ((response.body.items?.length ?? 0) >= expected) return backend;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error('The catalog did not process the test entities in time');
}
