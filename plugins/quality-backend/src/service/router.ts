import {
  BackstageCredentials,
  CacheService,
  HttpAuthService,
  PermissionsService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  BudgetCeilings,
  qualityLearningUpdatePermission,
  qualityMetricsReadPermission,
  qualityOpenMetricsReadPermission,
  qualityScorecardReadPermission,
} from '@quality-pulse/plugin-quality-common';
import { Organisation } from '../catalog/organisation';
import { orgOverview } from '../metrics/orgOverview';
import { squadSummary } from '../metrics/squadSummary';
import {
  createValidatedOpenApiRouter,
  internal,
} from '@backstage/backend-openapi-utils';
import express from 'express';
import { Knex } from 'knex';
import { QualityItemStore } from '../database/QualityItemStore';
import { SyncStateStore } from '../database/SyncStateStore';
import {
  NormalisedBug,
  NormalisedDeployment,
  NormalisedIncident,
} from '@quality-pulse/plugin-quality-node';
import { spec } from '../schema/openapi.generated';
import { burnDownSeries, windowDays } from '../metrics/burnDown';
import { entitySummary } from '../metrics/entitySummary';
import { itemList } from '../metrics/itemLists';
import { mttrWeekly } from '../metrics/mttrTrend';
import { postmortemListing } from '../metrics/postmortemListing';
import { describeWindow } from '../metrics/scopeMetrics';
import { TimeWindow, windowFromQuery } from '../metrics/window';
import { QualitySyncEngine } from '../sync/QualitySyncEngine';
import { renderOpenMetrics } from '../scorecards/openMetrics';
import { ScorecardEngine } from '../scorecards/ScorecardEngine';
import { entityRefFromPath, itemListQuery } from './validation';
import { webhookRouter } from './webhooks';
import { learningRouter } from './learningRoutes';
import { ChampionConfig } from '../learning/championRotation';
import { TtlCache } from '../catalog/ttlCache';
import { ANSWER_TTL_MS, ResponseCache } from './responseCache';

/** Items pushed through the API are stored under this provider id. */
export const PUSH_SOURCE = 'push';
const PUSH_BODY_LIMIT = '1mb';

type Pushed<T, DateKeys extends keyof T> = Omit<T, DateKeys> &
  Record<DateKeys, string>;
type PushedDeployment = Pushed<NormalisedDeployment, 'deployedAt'>;
type PushedIncident = Omit<
  Pushed<NormalisedIncident, 'startedAt'>,
  'acknowledgedAt' | 'resolvedAt'
> & {
  acknowledgedAt?: string;
  resolvedAt?: string;
};
type PushedBug = Omit<NormalisedBug, 'history'> & {
  history: Array<Pushed<NormalisedBug['history'][number], 'at'>>;
};

export interface RouterOptions {
  db: Knex;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  engine: QualitySyncEngine;
  defaultWindowDays: number;
  budgetCeilings: BudgetCeilings;
  scorecards: ScorecardEngine;
  /** Schedules an evaluation of every scorecard now (through the scheduler, on one instance). */
  requestEvaluation: () => Promise<'scheduled' | 'running'>;
  /** Reads pasted post-mortem links that are Markdown documents. */
  reader: UrlReaderService;
  champions: ChampionConfig;
  /** Answers of the read endpoints are kept here (see ResponseCache). */
  cache: CacheService;
  now?: () => number;
}

/**
 * The REST API, mounted at /api/quality. Errors thrown here (InputError,
 * NotFoundError, …) become 4xx JSON responses through the backend's error
 * middleware.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { db, catalog, httpAuth, permissions, engine } = options;
  const now = options.now ?? Date.now;
  const syncState = new SyncStateStore(db);
  const answers = new ResponseCache(options.cache, db);
  // What the catalog shows a caller changes rarely; asking it on every
  // request cost a catalog round trip per entity page and the whole org
  // (5,500 entities) per squad or org page (docs/benchmarks.md, issue 9).
  const orgs = new TtlCache<Organisation>(ANSWER_TTL_MS, 1_000);
  const visibility = new TtlCache<boolean>(ANSWER_TTL_MS, 100_000);
  // Requests are validated against src/schema/openapi.yaml before they reach
  // a handler: unknown or malformed parameters get a 400 naming the parameter.
  // Handlers are typed by quality-common rather than by the spec's inferred
  // types (those cannot express the recursive org tree); the contract tests
  // check every response against the spec instead.
  const router: express.Router =
    createValidatedOpenApiRouter<internal.RequiredDoc>(spec, {
      validatorOptions: {
        // Query strings carry text: "90" must validate as the integer 90.
        validateRequests: {
          coerceTypes: true,
          allowUnknownQueryParameters: false,
        },
      },
      // The body is parsed by the outer router below (an empty list is not allowed).
      middleware: [(_req, _res, next) => next()],
    });

  async function authorize(
    req: express.Request,
    permission: BasicPermission,
    what: string,
  ) {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed to read ${what}`);
    }
    return credentials;
  }

  const authorizeRead = (req: express.Request) =>
    authorize(req, qualityMetricsReadPermission, 'quality metrics');

  /** Validates the request and checks that the caller may see the entity. */
  async function entityRequest(
    req: express.Request,
    permission: BasicPermission = qualityMetricsReadPermission,
  ) {
    const entityRef = entityRefFromPath(
      req.params as Record<'kind' | 'namespace' | 'name', string>,
    );
    const window = windowFromQuery(req.query, {
      now: now(),
      defaultDays: options.defaultWindowDays,
    });
    const credentials = await authorize(req, permission, 'quality data');
    // Catalog visibility decides what a caller may see: no entity, no data.
    const visible = await visibility.get(
      `${principalKey(credentials)}|${entityRef}`,
      async () =>
        Boolean(await catalog.getEntityByRef(entityRef, { credentials })),
    );
    if (!visible) {
      throw new NotFoundError(
        `No entity ${entityRef} in the catalog, or not visible to you`,
      );
    }
    return { entityRef, window };
  }

  /** The request's own path and query: a relative window keys the same all minute. */
  function answerKey(req: express.Request, principal?: string) {
    return `${principal ?? '*'}|${req.originalUrl}`;
  }

  router.get(
    '/v1/entities/:kind/:namespace/:name/summary',
    async (req, res) => {
      const { entityRef, window } = await entityRequest(req);
      await answers.send(res, answerKey(req), () =>
        entitySummary(db, entityRef, window),
      );
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/timeseries',
    async (req, res) => {
      const { entityRef, window } = await entityRequest(req);
      await answers.send(res, answerKey(req), async () => ({
        entityRef,
        window: describeWindow(window),
        ...(await timeSeriesOf([entityRef], window)),
      }));
    },
  );

  router.get('/v1/entities/:kind/:namespace/:name/items', async (req, res) => {
    const { entityRef, window } = await entityRequest(req);
    res.json(await itemList(db, [entityRef], itemListQuery(req.query, window)));
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/postmortems',
    async (req, res) => {
      const { entityRef, window } = await entityRequest(req);
      res.json({
        entityRef,
        window: describeWindow(window),
        postmortems: await postmortemListing(db, entityRef, window, now()),
      });
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/scorecard',
    async (req, res) => {
      const { entityRef } = await entityRequest(
        req,
        qualityScorecardReadPermission,
      );
      res.json(await options.scorecards.store.get(entityRef, 'entity'));
    },
  );

  /** Validates a group request and loads the org as the caller sees it. */
  async function groupRequest(
    req: express.Request,
    permission: BasicPermission = qualityMetricsReadPermission,
  ) {
    const groupRef = entityRefFromPath({
      kind: 'group',
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const { org, window, principal } = await orgRequest(req, permission);
    const group = org.get(groupRef);
    if (!group) {
      throw new NotFoundError(
        `No group ${groupRef} in the catalog, or not visible to you`,
      );
    }
    return { org, group, window, principal };
  }

  async function orgRequest(
    req: express.Request,
    permission: BasicPermission = qualityMetricsReadPermission,
  ) {
    const window = windowFromQuery(req.query, {
      now: now(),
      defaultDays: options.defaultWindowDays,
    });
    const credentials = await authorize(req, permission, 'quality data');
    const principal = principalKey(credentials);
    const org = await orgs.get(principal, () =>
      Organisation.load(catalog, credentials),
    );
    return { org, window, principal };
  }

  async function timeSeriesOf(entityRefs: string[], window: TimeWindow) {
    const { firstDay, lastDay } = windowDays(window);
    const [burnDown, mttrTrend] = await Promise.all([
      burnDownSeries(db, entityRefs, firstDay, lastDay),
      mttrWeekly(db, entityRefs, window),
    ]);
    return { burnDown, mttrWeekly: mttrTrend };
  }

  router.get('/v1/groups/:namespace/:name/summary', async (req, res) => {
    const { org, group, window, principal } = await groupRequest(req);
    await answers.send(res, answerKey(req, principal), () =>
      squadSummary(db, org, group, {
        window,
        now: now(),
        defaultCeilings: options.budgetCeilings,
      }),
    );
  });

  router.get('/v1/groups/:namespace/:name/timeseries', async (req, res) => {
    const { org, group, window, principal } = await groupRequest(req);
    await answers.send(res, answerKey(req, principal), async () => ({
      groupRef: group.ref,
      window: describeWindow(window),
      ...(await timeSeriesOf(org.entitiesOf(group.ref), window)),
    }));
  });

  router.get('/v1/groups/:namespace/:name/items', async (req, res) => {
    const { org, group, window } = await groupRequest(req);
    res.json(
      await itemList(
        db,
        org.entitiesOf(group.ref),
        itemListQuery(req.query, window),
      ),
    );
  });

  learningRouter(router, {
    db,
    reader: options.reader,
    champions: options.champions,
    now,
    entityRequest: req => entityRequest(req, qualityLearningUpdatePermission),
    groupRequest,
    visibleEntity: async (req, entityRef, permission) => {
      const credentials = await authorize(
        req,
        permission ?? qualityLearningUpdatePermission,
        'quality data',
      );
      if (!(await catalog.getEntityByRef(entityRef, { credentials }))) {
        throw new NotFoundError(
          `No entity ${entityRef} in the catalog, or not visible to you`,
        );
      }
    },
  });

  router.get('/v1/groups/:namespace/:name/scorecard', async (req, res) => {
    const { group } = await groupRequest(req, qualityScorecardReadPermission);
    res.json(await options.scorecards.store.get(group.ref, 'squad'));
  });

  router.get('/v1/scorecards/policy', async (req, res) => {
    await authorize(req, qualityScorecardReadPermission, 'scorecards');
    res.json(options.scorecards.policy);
  });

  router.post('/v1/scorecards/evaluate', async (req, res) => {
    await authorize(req, qualityScorecardReadPermission, 'scorecards');
    res.status(202).json({ status: await options.requestEvaluation() });
  });

  // Scraped by Prometheus with a static token (backend.auth.externalAccess):
  // one request reports the whole org, read from the last evaluation.
  router.get('/v1/metrics', async (req, res) => {
    await authorize(
      req,
      qualityOpenMetricsReadPermission,
      'the quality metrics endpoint',
    );
    const [cards, evaluatedAt] = await Promise.all([
      options.scorecards.store.loadAll(),
      options.scorecards.store.lastEvaluatedAt(),
    ]);
    res
      .type('text/plain; version=0.0.4; charset=utf-8')
      .send(
        renderOpenMetrics(
          [...cards.values()],
          options.scorecards.policy,
          evaluatedAt,
        ),
      );
  });

  router.get('/v1/org/overview', async (req, res) => {
    const { org, window, principal } = await orgRequest(req);
    await answers.send(res, answerKey(req, principal), () =>
      orgOverview(db, org, {
        window,
        now: now(),
        defaultCeilings: options.budgetCeilings,
      }),
    );
  });

  router.get('/v1/org/timeseries', async (req, res) => {
    const { org, window, principal } = await orgRequest(req);
    await answers.send(res, answerKey(req, principal), async () => ({
      window: describeWindow(window),
      ...(await timeSeriesOf(org.allEntityRefs(), window)),
    }));
  });

  /**
   * Pushed items come from CI and tools, never from people: only service
   * credentials (another plugin, or a static token from
   * backend.auth.externalAccess) are accepted.
   */
  async function pushStore(req: express.Request) {
    await httpAuth.credentials(req, { allow: ['service'] });
    return new QualityItemStore(db, PUSH_SOURCE);
  }

  // Each push is validated whole and stored in one transaction: a bad field
  // gets a 400 naming it, and nothing of the request is written.
  router.post('/v1/deployments', async (req, res) => {
    const store = await pushStore(req);
    const items: PushedDeployment[] = req.body.items;
    await store.upsertDeployments(
      items.map(item => ({ ...item, deployedAt: new Date(item.deployedAt) })),
    );
    res.json({ stored: items.length });
  });

  router.post('/v1/incidents', async (req, res) => {
    const store = await pushStore(req);
    const items: PushedIncident[] = req.body.items;
    await store.upsertIncidents(
      items.map(item => ({
        ...item,
        startedAt: new Date(item.startedAt),
        acknowledgedAt: optionalDate(item.acknowledgedAt),
        resolvedAt: optionalDate(item.resolvedAt),
      })),
    );
    res.json({ stored: items.length });
  });

  router.post('/v1/bugs', async (req, res) => {
    const store = await pushStore(req);
    const items: PushedBug[] = req.body.items;
    await store.upsertBugs(
      items.map(item => ({
        ...item,
        history: item.history.map(entry => ({
          ...entry,
          at: new Date(entry.at),
        })),
      })),
    );
    res.json({ stored: items.length });
  });

  router.get('/v1/sync-status', async (req, res) => {
    await authorizeRead(req);
    const states = await syncState.list();
    res.json({
      providers: engine.listProviders().map(provider => ({
        ...provider,
        scopes: states
          .filter(state => state.providerId === provider.id)
          .map(state => ({
            scope: state.scope,
            lastStartedAt: isoOrNull(state.lastStartedAt),
            lastSucceededAt: isoOrNull(state.lastSucceededAt),
            lastError: state.lastError,
            lastErrorAt: isoOrNull(state.lastErrorAt),
            itemsSkipped: state.itemsSkipped,
            lastSkipReason: state.lastSkipReason,
          })),
      })),
    });
  });

  // Parsed outside the validated router so that a body over the limit keeps
  // its 413 instead of becoming a validation 400.
  const outer = express.Router();
  // Before the JSON parser: webhook signatures are over the raw bytes.
  outer.use(webhookRouter({ db, engine, now }));
  outer.use(express.json({ limit: PUSH_BODY_LIMIT }));
  outer.use(router);
  return outer;
}

function optionalDate(value: string | undefined): Date | undefined {
  return value === undefined ? undefined : new Date(value);
}

function isoOrNull(millis: number | null): string | null {
  return millis === null ? null : new Date(millis).toISOString();
}

/** Whose view of the catalog an answer is: a user, a service, or nobody. */
function principalKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user') return `user:${principal.userEntityRef}`;
  if (principal.type === 'service') return `service:${principal.subject}`;
  return principal.type;
}
