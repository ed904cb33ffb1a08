import { UrlReaderService } from '@backstage/backend-plugin-api';
import { BudgetCeilings } from '@quality-pulse/plugin-quality-common';
import express from 'express';
import { Knex } from 'knex';
import { ChampionConfig } from '../../learning/championRotation';
import { burnDownSeries } from '../../metrics/burnDown';
import { calendarDays } from '../../metrics/calendarDays';
import { mttrWeekly } from '../../metrics/mttrTrend';
import { TimeWindow } from '../../metrics/window';
import { ScorecardEngine } from '../../scorecards/ScorecardEngine';
import { QualitySyncEngine } from '../../sync/QualitySyncEngine';
import { QualityAccess, QualityRequests } from '../access';
import { ResponseCache } from '../responseCache';

/** What every group of routes works with. */
export interface RouteContext {
  db: Knex;
  access: QualityAccess;
  requests: QualityRequests;
  answers: ResponseCache;
  engine: QualitySyncEngine;
  scorecards: ScorecardEngine;
  requestEvaluation: () => Promise<'scheduled' | 'running'>;
  budgetCeilings: BudgetCeilings;
  reader: UrlReaderService;
  champions: ChampionConfig;
  /** Entity kinds items may be keyed to (`quality.entityKinds`). */
  entityKinds: string[];
  now: () => number;
}

/** The request's own path and query: a relative window keys the same all minute. */
export function answerKey(req: express.Request, principal?: string) {
  return `${principal ?? '*'}|${req.originalUrl}`;
}

/** The burn-down and weekly MTTR of some entities: what every time-series route returns. */
export async function timeSeriesOf(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
) {
  const [burnDown, mttrTrend] = await Promise.all([
    burnDownSeries(db, entityRefs, calendarDays(window)),
    mttrWeekly(db, entityRefs, window),
  ]);
  return { burnDown, mttrWeekly: mttrTrend };
}
