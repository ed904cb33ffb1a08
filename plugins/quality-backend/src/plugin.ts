import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { notificationService } from '@backstage/plugin-notifications-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { qualityPermissions } from '@quality-pulse/plugin-quality-common';
import {
  AnyQualityProvider,
  qualityProvidersExtensionPoint,
  scheduleFrom,
} from '@quality-pulse/plugin-quality-node';
import { connectQualityDatabase } from './database/migrations';
import { readBudgetCeilings } from './config';
import { registerQualityActions } from './actions/qualityStateAction';
import { registerRootCauseDocumentAction } from './actions/rootCauseDocumentAction';
import { registerInitiativeActions } from './actions/initiativeActions';
import { registerSquadActions } from './actions/squadActions';
import { registerFigureActions } from './actions/figureActions';
import { DailyPulse } from './pulse/DailyPulse';
import { readPulseConfig } from './pulse/pulseConfig';
import { readScorecardPolicy } from './scorecards/definitions';
import { readInitiatives } from './initiatives/definitions';
import { InitiativeTracker } from './initiatives/InitiativeTracker';
import { schedulePolicyTasks } from './scorecards/policyTasks';
import { ScorecardEngine } from './scorecards/ScorecardEngine';
import { createRouter } from './service/router';
import { QualityAccess } from './service/access';
import { ScmIntegrations } from '@backstage/integration';
import { readChampionConfig } from './learning/championRotation';
import { PostmortemDocumentsProvider } from './postmortems/PostmortemDocumentsProvider';
import { QualitySyncEngine } from './sync/QualitySyncEngine';
import { QualityStores } from './database/QualityStores';
import { QualityMetrics } from './metrics/QualityMetrics';
import { readEntityKinds } from './config';

/**
 * The Quality Pulse backend plugin: store, sync scheduler and REST API.
 * Data sources are backend modules that register through
 * `qualityProvidersExtensionPoint`.
 *
 * @public
 */
export const qualityPlugin = createBackendPlugin({
  pluginId: 'quality',
  register(env) {
    const providers = new Map<string, AnyQualityProvider>();
    env.registerExtensionPoint(qualityProvidersExtensionPoint, {
      addProvider(...added) {
        for (const provider of added) {
          if (providers.has(provider.id)) {
            throw new Error(
              `A quality provider with id "${provider.id}" is already registered`,
            );
          }
          providers.set(provider.id, provider);
        }
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
        urlReader: coreServices.urlReader,
        cache: coreServices.cache,
      },
      async init(deps) {
        // The one database client, shared by the write side and the read side.
        const db = await connectQualityDatabase(deps.database);
        const stores = new QualityStores(db);
        const metrics = new QualityMetrics(db);
        deps.permissionsRegistry.addPermissions(qualityPermissions);
        const { config } = deps;

        // Root-cause documents in the services' repositories need no module:
        // any entity annotated quality.backstage.io/postmortems is read.
        const documents =
          config.getOptionalBoolean('quality.postmortems.documents.enabled') ===
          false
            ? []
            : [
                new PostmortemDocumentsProvider({
                  reader: deps.urlReader,
                  integrations: ScmIntegrations.fromConfig(config),
                  subjects: stores.subjects,
                  schedule: scheduleFrom(
                    config.getOptionalConfig(
                      'quality.postmortems.documents.schedule',
                    ),
                  ),
                }),
              ];
        const entityKinds = readEntityKinds(config);
        const engine = new QualitySyncEngine({
          stores,
          entityKinds,
          providers: [...providers.values(), ...documents],
          scheduler: deps.scheduler,
          catalog: deps.catalog,
          auth: deps.auth,
          logger: deps.logger,
        });
        await engine.start();
        if (providers.size === 0) {
          deps.logger.warn(
            'No quality providers are installed: add a module such as @quality-pulse/plugin-quality-backend-module-demo',
          );
        }

        const defaultWindowDays =
          config.getOptionalNumber('quality.defaultWindowDays') ?? 90;
        const budgetCeilings = readBudgetCeilings(config);
        // Budget and pulse notifications need the notifications backend; an
        // installation without it turns them off here.
        const notifications =
          config.getOptionalBoolean('quality.notifications.enabled') === false
            ? undefined
            : deps.notifications;
        const scorecards = new ScorecardEngine({
          stores,
          metrics,
          catalog: deps.catalog,
          auth: deps.auth,
          logger: deps.logger,
          policy: readScorecardPolicy(config),
          defaultCeilings: budgetCeilings,
          windowDays: defaultWindowDays,
          notifications,
        });
        const initiatives = readInitiatives(config);
        const pulse = new DailyPulse({
          deliveries: stores.pulseDeliveries,
          metrics,
          catalog: deps.catalog,
          auth: deps.auth,
          logger: deps.logger,
          config: readPulseConfig(config),
          notifications,
          defaultCeilings: budgetCeilings,
          windowDays: defaultWindowDays,
          initiatives: {
            states: stores.initiativeStates,
            definitions: initiatives,
          },
          appBaseUrl:
            config.getOptionalString('app.baseUrl') ?? 'http://localhost:3000',
        });

        const { requestEvaluation } = await schedulePolicyTasks({
          scheduler: deps.scheduler,
          config,
          logger: deps.logger,
          scorecards,
          initiatives: new InitiativeTracker({
            definitions: initiatives,
            states: stores.initiativeStates,
            metrics,
            catalog: deps.catalog,
            auth: deps.auth,
            logger: deps.logger,
            notifications,
            defaultCeilings: budgetCeilings,
          }),
          pulse,
        });
        // One access layer for the routes and the assistant actions alike.
        const access = new QualityAccess(deps);
        registerQualityActions({
          actionsRegistry: deps.actionsRegistry,
          access,
          scorecards,
        });
        registerRootCauseDocumentAction({
          actionsRegistry: deps.actionsRegistry,
          access,
          metrics,
        });
        const readers = {
          actionsRegistry: deps.actionsRegistry,
          access,
          metrics,
          defaultWindowDays,
          budgetCeilings,
        };
        registerSquadActions(readers);
        registerFigureActions(readers);
        registerInitiativeActions({ ...readers, initiatives });

        // Vendors sign their webhooks instead of sending Backstage tokens.
        deps.httpRouter.addAuthPolicy({
          path: '/v1/webhooks',
          allow: 'unauthenticated',
        });
        deps.httpRouter.use(
          await createRouter({
            stores,
            metrics,
            access,
            engine,
            budgetCeilings,
            defaultWindowDays,
            scorecards,
            requestEvaluation,
            reader: deps.urlReader,
            champions: readChampionConfig(config),
            initiatives,
            // The in-memory store keeps what is never read again: only a shared one holds answers.
            sharedCache:
              (config.getOptionalString('backend.cache.store') ?? 'memory') ===
              'memory'
                ? undefined
                : deps.cache,
            entityKinds,
          }),
        );
      },
    });
  },
});
