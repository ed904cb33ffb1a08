import { BudgetCeilings } from '@quality-pulse/plugin-quality-common';
import { Knex } from 'knex';
import { Organisation, OrgGroup } from '../catalog/organisation';
import { ScopeVersions } from '../database/entityVersions';
import { bugBashesOf } from './bugBashes';
import { burnDownSeries } from './burnDown';
import { calendarDays } from './calendarDays';
import { entitySummary } from './entitySummary';
import {
  findIncident,
  incidentTimeline,
  TimelineIncident,
} from './incidentTimeline';
import { itemList, ItemListRequest } from './itemLists';
import { squadLearningLoop } from './learningLoop';
import { monthlyTrends } from './monthlyTrends';
import { initiativeFigureSource, InitiativeMetric } from './initiativeFigures';
import { mttrWeekly } from './mttrTrend';
import { openBugsAtEndOfDay } from './openBugsOnDay';
import { KeptOverviewFigures } from './keptOverviewFigures';
import { KeptParts } from './keptParts';
import { assembleOverview } from './orgOverview';
import { postmortemListing } from './postmortemListing';
import { FactsOptions, gatherFacts } from './scorecardFacts';
import { squadSummary } from './squadSummary';
import { asOfMinute, asOfNextMinute, TimeWindow } from './window';

/** From this far into a minute the overview of the next one is prepared. */
const PREPARE_NEXT_MINUTE_AFTER_MS = 50_000;

/** What the squad and org figures are computed with besides the window. */
export interface FigureOptions {
  window: TimeWindow;
  now: number;
  defaultCeilings: BudgetCeilings;
}

/**
 * The read side: every figure the routes, actions, scorecards and the pulse
 * show, each computed in SQL over the entities given. Who may see which
 * entities is decided before a call (service/access.ts), never in here.
 */
export class QualityMetrics {
  private readonly overviewFigures: KeptOverviewFigures;
  /** Parts of entity and squad summaries, recomputed only when a kind of data they read moved. */
  private readonly parts: KeptParts;

  constructor(private readonly db: Knex) {
    this.overviewFigures = new KeptOverviewFigures(db);
    this.parts = new KeptParts(db);
  }

  /** `versions`: of the entity's data, read before (by the answer cache); read here if not given. */
  async entitySummary(
    entityRef: string,
    window: TimeWindow,
    versions?: ScopeVersions,
  ) {
    const part = await this.parts.of([entityRef], window, versions?.kinds);
    return entitySummary(this.db, entityRef, window, part);
  }

  async squadSummary(
    org: Organisation,
    group: OrgGroup,
    options: FigureOptions,
    versions?: ScopeVersions,
  ) {
    const part = await this.parts.of(
      org.entitiesOf(group.ref),
      options.window,
      versions?.kinds,
    );
    return squadSummary(this.db, org, group, options, part);
  }

  /**
   * As of the current minute's start, reusing the figures of entities and
   * groups no write moved since an earlier answer of the minute. Late in a
   * minute, the next minute's figures are prepared in the background.
   */
  async orgOverview(org: Organisation, options: FigureOptions) {
    const { window, now } = asOfMinute(options.window, options.now);
    const figures = await this.overviewFigures.figures(org, window, now);
    if (options.now - now >= PREPARE_NEXT_MINUTE_AFTER_MS) {
      const next = asOfNextMinute(options.window, options.now);
      void this.overviewFigures.prepare(org, next.window, next.now);
    }
    return assembleOverview(org, figures, { ...options, window });
  }

  /** The burn-down and weekly MTTR of some entities: what every time-series route returns. */
  async timeSeries(entityRefs: string[], window: TimeWindow) {
    const [burnDown, mttrTrend] = await Promise.all([
      burnDownSeries(this.db, entityRefs, calendarDays(window)),
      mttrWeekly(this.db, entityRefs, window),
    ]);
    return { burnDown, mttrWeekly: mttrTrend };
  }

  /** An initiative's figure for one group after another of `org`. */
  initiativeFigures(
    metric: InitiativeMetric,
    org: Organisation,
    defaultCeilings: BudgetCeilings,
  ) {
    return initiativeFigureSource(this.db, metric, org, defaultCeilings);
  }

  /** Twelve calendar months of the rates, the P0/P1 MTTR and the open bugs at month end. */
  monthlyTrends(entityRefs: string[], now: number, months = 12) {
    return monthlyTrends(this.db, entityRefs, now, months);
  }

  /** The items behind a figure, as the dialogs list them. */
  itemList(entityRefs: string[], request: ItemListRequest) {
    return itemList(this.db, entityRefs, request);
  }

  postmortems(entityRef: string, window: TimeWindow, now: number) {
    return postmortemListing(this.db, entityRef, window, now);
  }

  learningLoop(entityRefs: string[], now: number) {
    return squadLearningLoop(this.db, entityRefs, now);
  }

  bugBashes(groupRef: string, entityRefs: string[]) {
    return bugBashesOf(this.db, groupRef, entityRefs);
  }

  /** What the scorecard checks and the pulse read, for every entity and squad at once. */
  scorecardFacts(
    org: Organisation,
    entityRefs: string[],
    options: FactsOptions,
  ) {
    return gatherFacts(this.db, org, entityRefs, options);
  }

  openBugsAtEndOfDay(entityRefs: string[], day: number) {
    return openBugsAtEndOfDay(this.db, entityRefs, day);
  }

  findIncident(entityRef: string, name: string | undefined) {
    return findIncident(this.db, entityRef, name);
  }

  incidentTimeline(entityRef: string, incident: TimelineIncident) {
    return incidentTimeline(this.db, entityRef, incident);
  }
}
