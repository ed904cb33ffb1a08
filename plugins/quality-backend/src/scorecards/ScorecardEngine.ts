import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  BudgetCeilings,
  QualityScorecard,
  ScorecardLevelResult,
} from '@quality-pulse/plugin-quality-common';
import { coverageDigest, coveredEntities } from './coverage';
import { Organisation } from '../catalog/organisation';
import { loadScoredCatalog } from '../catalog/scoredCatalog';
import { ScoredComponent } from '../catalog/scoredComponent';
import { TimeWindow } from '../metrics/window';
import { notifyBudgetTransitions } from '../notifications/budgetNotifications';
import { ScorecardPolicy } from './definitions';
import { evaluateScorecard, ScorecardTarget } from './evaluate';
import { QualityStores } from '../database/QualityStores';
import { QualityMetrics } from '../metrics/QualityMetrics';
import { BudgetFacts, ScopeFacts } from '../metrics/scorecardFacts';
import {
  emptyScorecard,
  CheckChange,
  LevelChange,
  resultsById,
  ScorecardStore,
  StoredScorecard,
} from '../database/ScorecardStore';
import { DAY_MS } from '../time';

export interface EvaluationSummary {
  scopes: number;
  checks: number;
  rowsWritten: number;
  levelChanges: number;
  budgetNotifications: number;
  durationMs: number;
}

/**
 * Evaluates every scorecard: all components in the catalog and every squad,
 * against the configured policy, in one pass over the org. Run by the
 * scheduler (once per interval across instances) and on demand.
 */
export class ScorecardEngine {
  readonly store: ScorecardStore;

  constructor(
    private readonly options: {
      stores: QualityStores;
      metrics: QualityMetrics;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      policy: ScorecardPolicy;
      defaultCeilings: BudgetCeilings;
      windowDays: number;
      notifications?: NotificationService;
      now?: () => number;
    },
  ) {
    this.store = options.stores.scorecards;
  }

  get policy(): ScorecardPolicy {
    return this.options.policy;
  }

  private factsOptions(now: number) {
    const window: TimeWindow = {
      start: now - this.options.windowDays * DAY_MS,
      end: now,
      days: this.options.windowDays,
    };
    return { window, now, defaultCeilings: this.options.defaultCeilings };
  }

  /**
   * The scorecard of an entity or squad as one caller may see it. The stored
   * one is computed from the whole catalog; when the caller cannot see every
   * entity behind it (`view` is the org as they see it), it is evaluated now
   * from the entities they do see, without history: a level change or a
   * figure must not reveal a hidden service (issue 17).
   */
  async scorecardFor(
    scope: { ref: string; kind: 'entity' | 'squad' },
    view: { org: Organisation; target: ScorecardTarget },
  ): Promise<{ scorecard: QualityScorecard; facts?: ScopeFacts }> {
    const stored = await this.store.loadOne(scope.ref);
    if (!stored) {
      return { scorecard: emptyScorecard(scope.ref, scope.kind) };
    }
    const seen = coveredEntities(view.org, scope);
    if (stored.covers === coverageDigest(seen)) {
      return {
        scorecard: await this.store.get(
          scope.ref,
          scope.kind,
          (this.options.now ?? Date.now)(),
        ),
        facts: JSON.parse(stored.facts),
      };
    }
    const now = (this.options.now ?? Date.now)();
    const squadRef =
      scope.kind === 'squad' ? scope.ref : view.org.ownerOf(scope.ref)?.ref;
    const org = view.org.subtree(squadRef ?? '');
    const facts = await this.options.metrics.scorecardFacts(
      org,
      [...new Set([...seen, ...org.allEntityRefs()])],
      this.factsOptions(now),
    );
    const scopeFacts =
      scope.kind === 'squad'
        ? facts.squads.get(scope.ref)
        : facts.entities.get(scope.ref);
    if (!scopeFacts) {
      return { scorecard: emptyScorecard(scope.ref, scope.kind) };
    }
    const result = evaluateScorecard(
      this.options.policy,
      view.target,
      scopeFacts,
    );
    const at = new Date(now).toISOString();
    return {
      scorecard: {
        scopeRef: scope.ref,
        scopeKind: scope.kind,
        evaluatedAt: at,
        level: result.level,
        levelSince: null,
        levels: result.levels.map(level => ({
          ...level,
          checks: level.checks.map(check => ({ ...check, since: at })),
        })),
        history: [],
        checkChanges: [],
        visibleOnly: true,
      },
      facts: scopeFacts,
    };
  }

  /** Loads the catalog as the plugin itself sees it and evaluates everything. */
  async evaluateAll(): Promise<EvaluationSummary> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { org, components } = await loadScoredCatalog(
      this.options.catalog,
      credentials,
    );
    return this.evaluate(org, components);
  }

  /** Evaluates the given org; separate from catalog loading for benchmarks and tests. */
  async evaluate(
    org: Organisation,
    components: ScoredComponent[],
  ): Promise<EvaluationSummary> {
    const now = (this.options.now ?? Date.now)();
    const startedAt = Date.now();
    const [facts, previous] = await Promise.all([
      this.options.metrics.scorecardFacts(
        org,
        components.map(c => c.ref),
        this.factsOptions(now),
      ),
      this.store.loadAll(),
    ]);

    const changed: StoredScorecard[] = [];
    const levelChanges: LevelChange[] = [];
    const checkChanges: CheckChange[] = [];
    let checks = 0;
    const score = (
      target: ScorecardTarget,
      scopeKind: 'entity' | 'squad',
      scopeFacts: ScopeFacts,
    ) => {
      const covers = coverageDigest(
        coveredEntities(org, { ref: target.ref, kind: scopeKind }),
      );
      const result = evaluateScorecard(this.options.policy, target, scopeFacts);
      const before = previous.get(target.ref);
      const earlier = resultsById(before);
      const levels: ScorecardLevelResult[] = result.levels.map(level => ({
        ...level,
        checks: level.checks.map(check => {
          const last = earlier.get(check.checkId);
          checks += 1;
          if (last?.status !== check.status) {
            checkChanges.push({
              scopeRef: target.ref,
              checkId: check.checkId,
              changedAt: now,
              fromStatus: last?.status ?? null,
              toStatus: check.status,
            });
          }
          return {
            ...check,
            since:
              last && last.status === check.status
                ? last.since
                : new Date(now).toISOString(),
          };
        }),
      }));
      const levelChanged = !before || before.level !== result.level;
      const card: StoredScorecard = {
        scopeRef: target.ref,
        scopeKind,
        level: result.level,
        levelSince: levelChanged ? now : before.levelSince,
        levels,
        facts: JSON.stringify(scopeFacts),
        covers,
      };
      // History starts with the first level reached, not with "no level yet".
      if (levelChanged && (before || result.level !== null)) {
        levelChanges.push({
          scopeRef: target.ref,
          changedAt: now,
          fromLevel: before?.level ?? null,
          toLevel: result.level,
          blockingChecks: result.blockingChecks,
        });
      }
      if (
        !before ||
        levelChanged ||
        before.facts !== card.facts ||
        before.covers !== card.covers ||
        JSON.stringify(before.levels) !== JSON.stringify(levels)
      ) {
        changed.push(card);
      }
    };

    for (const component of components) {
      score(
        { ...component, kind: 'component' },
        'entity',
        facts.entities.get(component.ref)!,
      );
    }
    for (const [groupRef, squadFacts] of facts.squads) {
      score(
        { ref: groupRef, kind: 'group', type: 'team', tags: [] },
        'squad',
        squadFacts,
      );
    }
    const current = new Set([
      ...components.map(c => c.ref),
      ...facts.squads.keys(),
    ]);
    const removed = [...previous.keys()].filter(ref => !current.has(ref));

    await this.store.save({
      changed,
      levelChanges,
      checkChanges,
      removed,
      run: {
        startedAt: now,
        finishedAt: now,
        scopes: current.size,
        checks,
      },
    });

    const budgets = new Map<string, BudgetFacts>();
    for (const squadFacts of facts.squads.values()) {
      if (squadFacts.budget) {
        budgets.set(squadFacts.budget.groupRef, squadFacts.budget);
      }
    }
    const sent = await notifyBudgetTransitions({
      budgetStates: this.options.stores.budgetStates,
      notifications: this.options.notifications,
      logger: this.options.logger,
      budgets,
      squadTitles: new Map(
        [...org.groups.values()].map(group => [group.ref, group.title]),
      ),
      now,
    });

    return {
      scopes: current.size,
      checks,
      rowsWritten: changed.length,
      levelChanges: levelChanges.length,
      budgetNotifications: sent.length,
      durationMs: Date.now() - startedAt,
    };
  }
}
