import { CacheService, UrlReaderService } from '@backstage/backend-plugin-api';
import { BudgetCeilings } from '@quality-pulse/plugin-quality-common';
import express from 'express';
import { QualityStores } from '../database/QualityStores';
import { DEFAULT_ENTITY_KINDS } from '../database/normalise';
import { ChampionConfig } from '../learning/championRotation';
import { QualityMetrics } from '../metrics/QualityMetrics';
import { createValidatedOpenApiRouterFromGeneratedEndpointMap } from '@backstage/backend-openapi-utils';
import { EndpointMap, spec } from '../schema/openapi';
import { withExplicitNulls } from '../schema/explicitNulls';
import { ScorecardEngine } from '../scorecards/ScorecardEngine';
import { QualitySyncEngine } from '../sync/QualitySyncEngine';
import { QualityAccess, QualityRequests } from './access';
import { ResponseCache } from './responseCache';
import { entityRoutes } from './routes/entityRoutes';
import { groupRoutes } from './routes/groupRoutes';
import { initiativeRoutes } from './routes/initiativeRoutes';
import { InitiativeDefinition } from '../initiatives/definitions';
import { learningRoutes } from './routes/learningRoutes';
import { operationsRoutes } from './routes/operationsRoutes';
import { pushRoutes } from './routes/pushRoutes';
import { webhookRouter } from './webhooks';

export { PUSH_SOURCE } from './routes/pushRoutes';

const PUSH_BODY_LIMIT = '1mb';

export interface RouterOptions {
  stores: QualityStores;
  metrics: QualityMetrics;
  /** Who may see what: shared with the assistant actions. */
  access: QualityAccess;
  engine: QualitySyncEngine;
  defaultWindowDays: number;
  budgetCeilings: BudgetCeilings;
  scorecards: ScorecardEngine;
  /** Schedules an evaluation of every scorecard now (through the scheduler, on one instance). */
  requestEvaluation: () => Promise<'scheduled' | 'running'>;
  /** Reads pasted post-mortem links that are Markdown documents. */
  reader: UrlReaderService;
  champions: ChampionConfig;
  /** The quality initiatives of app-config; none by default. */
  initiatives?: InitiativeDefinition[];
  /**
   * A cache store the backend instances share (`backend.cache.store` redis,
   * memcache, …), where read answers are kept besides this process's memory;
   * left out for the in-memory default (see ResponseCache).
   */
  sharedCache?: CacheService;
  /** Entity kinds items may be keyed to; PRODUCT.md's software kinds by default. */
  entityKinds?: string[];
  now?: () => number;
}

/**
 * The REST API, mounted at /api/quality. Routes are grouped by resource
 * (`routes/`); who may see what is decided in one place (`access.ts`).
 * Errors thrown by a route (InputError, NotFoundError, …) become 4xx JSON
 * responses through the backend's error middleware.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const now = options.now ?? Date.now;
  const { access, stores } = options;
  const context = {
    stores,
    metrics: options.metrics,
    access,
    requests: new QualityRequests(access, {
      defaultWindowDays: options.defaultWindowDays,
      now,
    }),
    answers: new ResponseCache(refs => stores.dataVersions(refs), {
      shared: options.sharedCache,
      epoch: () => stores.cacheEpoch(),
    }),
    engine: options.engine,
    scorecards: options.scorecards,
    requestEvaluation: options.requestEvaluation,
    budgetCeilings: options.budgetCeilings,
    reader: options.reader,
    champions: options.champions,
    initiatives: options.initiatives ?? [],
    entityKinds: options.entityKinds ?? DEFAULT_ENTITY_KINDS,
    now,
  };

  // Requests are validated against src/schema/openapi.yaml before they reach
  // a handler: unknown or malformed parameters get a 400 naming the parameter.
  // Handlers are typed by the endpoint map generated from the same document
  // (scripts/generate-openapi.sh); the contract tests check every response.
  const router =
    await createValidatedOpenApiRouterFromGeneratedEndpointMap<EndpointMap>(
      withExplicitNulls(spec),
      {
        validatorOptions: {
          // Query strings carry text: "90" must validate as the integer 90.
          validateRequests: {
            coerceTypes: true,
            allowUnknownQueryParameters: false,
          },
        },
        // The body is parsed by the outer router below (an empty list is not allowed).
        middleware: [(_req, _res, next) => next()],
      },
    );
  entityRoutes(router, context);
  groupRoutes(router, context);
  initiativeRoutes(router, context);
  learningRoutes(router, context);
  operationsRoutes(router, context);
  pushRoutes(router, context);

  // Parsed outside the validated router so that a body over the limit keeps
  // its 413 instead of becoming a validation 400.
  const outer = express.Router();
  // Before the JSON parser: webhook signatures are over the raw bytes.
  outer.use(
    webhookRouter({
      deliveries: stores.webhookDeliveries,
      engine: options.engine,
      now,
    }),
  );
  outer.use(express.json({ limit: PUSH_BODY_LIMIT }));
  outer.use(router);
  return outer;
}
