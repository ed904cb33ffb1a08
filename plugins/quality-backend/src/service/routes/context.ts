import { UrlReaderService } from '@backstage/backend-plugin-api';
import { BudgetCeilings } from '@quality-pulse/plugin-quality-common';
import { ChampionConfig } from '../../learning/championRotation';
import { InitiativeDefinition } from '../../initiatives/definitions';
import { QualityStores } from '../../database/QualityStores';
import { QualityMetrics } from '../../metrics/QualityMetrics';
import { ScorecardEngine } from '../../scorecards/ScorecardEngine';
import { QualitySyncEngine } from '../../sync/QualitySyncEngine';
import { AnyRequest, QualityAccess, QualityRequests } from '../access';
import { ResponseCache } from '../responseCache';
import { createOpenApiRouter } from '../../schema/openapi';

/** The router typed by the endpoint map generated from openapi.yaml. */
export type QualityRouter = Awaited<ReturnType<typeof createOpenApiRouter>>;

/** What every group of routes works with. */
export interface RouteContext {
  stores: QualityStores;
  metrics: QualityMetrics;
  access: QualityAccess;
  requests: QualityRequests;
  answers: ResponseCache;
  engine: QualitySyncEngine;
  scorecards: ScorecardEngine;
  requestEvaluation: () => Promise<'scheduled' | 'running'>;
  budgetCeilings: BudgetCeilings;
  reader: UrlReaderService;
  champions: ChampionConfig;
  /** The quality initiatives of app-config (`quality.initiatives`). */
  initiatives: InitiativeDefinition[];
  /** Entity kinds items may be keyed to (`quality.entityKinds`). */
  entityKinds: string[];
  now: () => number;
}

/** The request's own path and query: a relative window keys the same all minute. */
export function answerKey(req: AnyRequest, principal?: string) {
  return `${principal ?? '*'}|${req.originalUrl}`;
}
