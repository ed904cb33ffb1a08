import { Config } from '@backstage/config';
import {
  BudgetState,
  ScorecardOperator,
} from '@quality-pulse/plugin-quality-common';
import { isScorecardMetric, ScorecardMetricId } from './metrics';
import { EntityFilter, readEntityFilter } from '../catalog/entityFilter';

export interface ScorecardCheck {
  id: string;
  title: string;
  description: string;
  metric: ScorecardMetricId;
  operator: ScorecardOperator;
  threshold: number | BudgetState;
  /** `error`: failing gives `fail`; `warning`: failing gives `warn`. */
  severity: 'error' | 'warning';
  level: string;
  filter?: EntityFilter;
}

export interface ScorecardLevel {
  id: string;
  title: string;
}

export interface ScorecardPolicy {
  levels: ScorecardLevel[];
  checks: ScorecardCheck[];
}

export const DEFAULT_LEVELS: ScorecardLevel[] = [
  { id: 'bronze', title: 'Bronze' },
  { id: 'silver', title: 'Silver' },
  { id: 'gold', title: 'Gold' },
];

/**
 * The default checks, drawn from PRODUCT.md: Bronze is "we can see our
 * quality and nothing critical is rotting", Silver "we learn from what
 * escapes", Gold "we restore fast and rarely rework". Thresholds are starting
 * points for the QA lead to tune in app-config, not industry truths.
 */
export const DEFAULT_CHECKS: ScorecardCheck[] = [
  {
    id: 'data-source-configured',
    title: 'Data source configured',
    description:
      'A bug tracker or incident tool reports for this service (every service, for a squad).',
    metric: 'entitiesWithoutDataSource',
    operator: '==',
    threshold: 0,
    severity: 'error',
    level: 'bronze',
  },
  {
    id: 'no-aged-critical-bugs',
    title: 'No P0/P1 bug older than 7 days',
    description:
      'Critical bugs are fixed within the age limit of the quality budget (7 days unless the squad overrides it).',
    metric: 'agedCriticalBugs',
    operator: '<=',
    threshold: 0,
    severity: 'error',
    level: 'bronze',
  },
  {
    id: 'budget-not-breached',
    title: 'Within the quality budget',
    description:
      "The owning squad's open-bug ceilings are not exceeded; breached means the next sprint is a bug-fix sprint.",
    metric: 'budgetState',
    operator: '<=',
    threshold: 'at-risk',
    severity: 'error',
    level: 'bronze',
  },
  {
    id: 'escaped-defect-rate',
    title: 'Escaped defect rate at most 15 %',
    description:
      'Most bugs are found before production: escaped bugs created in the window ÷ all bugs created in it.',
    metric: 'escapedDefectRate',
    operator: '<=',
    threshold: 0.15,
    severity: 'error',
    level: 'silver',
  },
  {
    id: 'postmortems-on-time',
    title: 'Post-mortem within 5 working days',
    description:
      'Every P0/P1 incident resolved in the window has a published post-mortem within 5 working days of its resolution.',
    metric: 'lateCriticalPostmortems',
    operator: '==',
    threshold: 0,
    severity: 'error',
    level: 'silver',
  },
  {
    id: 'burn-down-not-rising',
    title: 'Burn-down not going the wrong way',
    description: 'Open bugs did not rise in each of the last two weeks.',
    metric: 'burnDownRisingWeeks',
    operator: '<',
    threshold: 2,
    severity: 'error',
    level: 'silver',
  },
  {
    id: 'mttr-critical',
    title: 'P0/P1 MTTR median under 8 hours',
    description:
      'Median time to restore of the P0/P1 incidents resolved in the window.',
    metric: 'mttrCriticalMedianHours',
    operator: '<',
    threshold: 8,
    severity: 'error',
    level: 'gold',
  },
  {
    id: 'rework-rate',
    title: 'Rework rate at most 10 %',
    description:
      'Few deployments exist only to fix what escaped (DORA 2024): remediation deployments ÷ all deployments.',
    metric: 'reworkRate',
    operator: '<=',
    threshold: 0.1,
    severity: 'error',
    level: 'gold',
  },
  {
    id: 'root-cause-coverage',
    title: 'Root-cause coverage at least 80 %',
    description:
      'Escaped bugs and P0/P1 incidents in the window with a linked, complete post-mortem (four sections and a concrete action).',
    metric: 'rootCauseCoverage',
    operator: '>=',
    threshold: 0.8,
    severity: 'error',
    level: 'gold',
  },
  {
    id: 'time-to-postmortem',
    title: 'Post-mortems within 3 days on average',
    description:
      'Mean time from a P0/P1 incident’s resolution to its first published post-mortem: learning while memory is fresh. A warning only.',
    metric: 'timeToPostmortemDays',
    operator: '<=',
    threshold: 3,
    severity: 'warning',
    level: 'gold',
  },
  {
    id: 'learning-loop-closed',
    title: 'Learning loop closed',
    description:
      'No post-mortem action past its due date and no four-week follow-up review overdue. A warning only.',
    metric: 'overdueLearningItems',
    operator: '==',
    threshold: 0,
    severity: 'warning',
    level: 'silver',
  },
  {
    id: 'budget-headroom',
    title: 'Quality budget has headroom',
    description:
      'The owning squad uses under 80 % of every ceiling. A warning only: at risk is a signal to act, not a failure.',
    metric: 'budgetState',
    operator: '==',
    threshold: 'within',
    severity: 'warning',
    level: 'gold',
  },
];

const OPERATORS: ScorecardOperator[] = ['<', '<=', '>', '>=', '==', '!='];
const BUDGET_STATES: BudgetState[] = ['within', 'at-risk', 'breached'];
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The scorecard policy from `quality.scorecards`: the default levels and
 * checks, changed by config. A configured check with a default's id changes
 * that check (only the fields given), `enabled: false` removes it, a new id
 * adds one. Anything invalid stops the backend at start-up with the config
 * key named, rather than silently scoring against a different policy.
 */
export function readScorecardPolicy(config: Config): ScorecardPolicy {
  const root = config.getOptionalConfig('quality.scorecards');
  const levels = root?.has('levels')
    ? root.getConfigArray('levels').map((level, i) => {
        const id = level.getString('id');
        requireId(id, `quality.scorecards.levels[${i}].id`);
        return { id, title: level.getOptionalString('title') ?? id };
      })
    : DEFAULT_LEVELS;
  const levelIds = new Set(levels.map(l => l.id));
  if (levelIds.size !== levels.length) {
    throw new Error('quality.scorecards.levels has the same id twice');
  }

  const checks = new Map(DEFAULT_CHECKS.map(check => [check.id, check]));
  (root?.getOptionalConfigArray('checks') ?? []).forEach((entry, i) => {
    const key = `quality.scorecards.checks[${i}]`;
    const id = entry.getString('id');
    requireId(id, `${key}.id`);
    if (entry.getOptionalBoolean('enabled') === false) {
      checks.delete(id);
      return;
    }
    const base = checks.get(id);
    const text = (field: 'title' | 'description') =>
      entry.getOptionalString(field) ?? base?.[field];
    const metric = entry.getOptionalString('metric') ?? base?.metric;
    if (!metric || !isScorecardMetric(metric)) {
      throw new Error(
        `${key}.metric must be one of the scorecard metrics (see config.d.ts); got "${metric}"`,
      );
    }
    const operator = (entry.getOptionalString('operator') ?? base?.operator) as
      | ScorecardOperator
      | undefined;
    if (!operator || !OPERATORS.includes(operator)) {
      throw new Error(
        `${key}.operator must be one of ${OPERATORS.join(
          ' ',
        )}; got "${operator}"`,
      );
    }
    const threshold = readThreshold(
      entry,
      key,
      metric,
      base?.metric === metric ? base.threshold : undefined,
    );
    const severity = entry.getOptionalString('severity') ?? base?.severity;
    if (severity !== 'error' && severity !== 'warning') {
      throw new Error(
        `${key}.severity must be error or warning; got "${severity}"`,
      );
    }
    const level = entry.getOptionalString('level') ?? base?.level;
    if (!level || !levelIds.has(level)) {
      throw new Error(
        `${key}.level must be one of ${[...levelIds].join(
          ', ',
        )}; got "${level}"`,
      );
    }
    checks.set(id, {
      id,
      title: text('title') ?? id,
      description: text('description') ?? '',
      metric,
      operator,
      threshold,
      severity,
      level,
      filter: entry.has('filter') ? readEntityFilter(entry, key) : base?.filter,
    });
  });

  for (const check of checks.values()) {
    if (!levelIds.has(check.level)) {
      throw new Error(
        `The scorecard check ${check.id} belongs to the level "${check.level}", which quality.scorecards.levels does not define`,
      );
    }
  }
  return { levels, checks: [...checks.values()] };
}

function requireId(id: string, key: string) {
  if (!ID_PATTERN.test(id)) {
    throw new Error(
      `${key} must be lower-case letters, digits and dashes; got "${id}"`,
    );
  }
}

function readThreshold(
  entry: Config,
  key: string,
  metric: ScorecardMetricId,
  fallback: number | BudgetState | undefined,
): number | BudgetState {
  if (!entry.has('threshold')) {
    if (fallback === undefined) {
      throw new Error(`${key}.threshold is required for the metric ${metric}`);
    }
    return fallback;
  }
  if (metric === 'budgetState') {
    const state = entry.getString('threshold') as BudgetState;
    if (!BUDGET_STATES.includes(state)) {
      throw new Error(
        `${key}.threshold must be one of ${BUDGET_STATES.join(
          ', ',
        )} for budgetState; got "${state}"`,
      );
    }
    return state;
  }
  const value = entry.getNumber('threshold');
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${key}.threshold must be a number of at least 0`);
  }
  return value;
}
