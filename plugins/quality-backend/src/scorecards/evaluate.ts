import {
  BudgetState,
  ScorecardCheckResult,
  ScorecardCheckStatus,
  ScorecardLevelResult,
  ScorecardOperator,
} from '@quality-pulse/plugin-quality-common';
import { ScorecardCheck, ScorecardPolicy } from './definitions';
import { FilteredEntity, matchesFilter } from '../catalog/entityFilter';
import { ScopeFacts } from '../metrics/scorecardFacts';
import { formatHours, formatPercent } from '../metrics/formatFigures';
import { BUDGET_STATE_WORDS, metricDefinition, MetricUnit } from './metrics';

/** What a scorecard is evaluated for. */
export type ScorecardTarget = FilteredEntity;

/** Budget states in order of how bad they are, so that `<= at-risk` means "not breached". */
const BUDGET_ORDER: Record<BudgetState, number> = {
  within: 0,
  'at-risk': 1,
  breached: 2,
};

function compare(
  value: number,
  operator: ScorecardOperator,
  threshold: number,
): boolean {
  switch (operator) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '==':
      return value === threshold;
    default:
      return value !== threshold;
  }
}

const OPERATOR_WORDS: Record<ScorecardOperator, string> = {
  '<': 'under',
  '<=': 'at most',
  '>': 'over',
  '>=': 'at least',
  '==': 'exactly',
  '!=': 'anything but',
};

/** The check's requirement in words: "needs at most 15 %", "needs within or at risk". */
export function describeRequirement(
  check: ScorecardCheck,
  unit: MetricUnit,
): string {
  if (unit === 'budgetState') {
    const threshold = BUDGET_ORDER[check.threshold as BudgetState];
    const allowed = (Object.keys(BUDGET_ORDER) as BudgetState[]).filter(state =>
      compare(BUDGET_ORDER[state], check.operator, threshold),
    );
    return `needs ${
      allowed.map(s => BUDGET_STATE_WORDS[s]).join(' or ') ||
      'nothing (no state passes)'
    }`;
  }
  const threshold = check.threshold as number;
  let formatted = String(threshold);
  if (unit === 'ratio') {
    formatted = formatPercent(threshold);
  } else if (unit === 'hours') {
    formatted = formatHours(threshold);
  } else if (unit === 'days') {
    formatted = `${threshold} ${threshold === 1 ? 'day' : 'days'}`;
  }
  return `needs ${OPERATOR_WORDS[check.operator]} ${formatted}`;
}

/** Evaluates one check against one scope's facts. `since` is filled in by the caller. */
export function evaluateCheck(
  check: ScorecardCheck,
  facts: ScopeFacts,
): Omit<ScorecardCheckResult, 'since'> {
  const metric = metricDefinition(check.metric);
  const base = {
    checkId: check.id,
    title: check.title,
    description: check.description,
    level: check.level,
    metric: check.metric,
    operator: check.operator,
    threshold: check.threshold,
  };
  const requirement = describeRequirement(check, metric.unit);
  if (
    metric.needsData &&
    facts.entitiesWithoutDataSource === facts.entityCount
  ) {
    return {
      ...base,
      status: 'unknown',
      reason: `No data source reports for it; ${requirement}`,
      value: null,
      data: {},
    };
  }
  const reading = metric.read(facts);
  if ('unknown' in reading) {
    return {
      ...base,
      status: 'unknown',
      reason: `${reading.unknown}; ${requirement}`,
      value: null,
      data: reading.data,
    };
  }
  const passed =
    metric.unit === 'budgetState'
      ? compare(
          BUDGET_ORDER[reading.value as BudgetState],
          check.operator,
          BUDGET_ORDER[check.threshold as BudgetState],
        )
      : compare(
          reading.value as number,
          check.operator,
          check.threshold as number,
        );
  let status: ScorecardCheckStatus = 'pass';
  if (!passed) {
    status = check.severity === 'warning' ? 'warn' : 'fail';
  }
  return {
    ...base,
    status,
    reason: `${reading.text}; ${requirement}`,
    value: reading.value,
    data: reading.data,
  };
}

/**
 * Evaluates a policy for one scope. A level is reached when every check of
 * it and of every level below passes or only warns: `fail` and `unknown`
 * hold it back. A level with no applicable checks neither holds back nor
 * becomes the level, so filtering checks out never demotes anyone and an
 * entity no check applies to has no level.
 */
export function evaluateScorecard(
  policy: ScorecardPolicy,
  target: ScorecardTarget,
  facts: ScopeFacts,
): {
  level: string | null;
  blockingChecks: string[];
  levels: Array<
    Omit<ScorecardLevelResult, 'checks'> & {
      checks: Array<Omit<ScorecardCheckResult, 'since'>>;
    }
  >;
} {
  let level: string | null = null;
  let blockingChecks: string[] = [];
  let stillClimbing = true;
  const levels = policy.levels.map(definition => {
    const checks = policy.checks
      .filter(check => check.level === definition.id)
      .filter(check => matchesFilter(check.filter, target))
      .map(check => evaluateCheck(check, facts));
    const blocking = checks.filter(
      c => c.status === 'fail' || c.status === 'unknown',
    );
    if (stillClimbing && blocking.length === 0) {
      // A level none of whose checks applies is passed over, never claimed.
      level = checks.length > 0 ? definition.id : level;
    } else if (stillClimbing) {
      stillClimbing = false;
      blockingChecks = blocking.map(c => c.checkId);
    }
    return {
      id: definition.id,
      title: definition.title,
      reached: stillClimbing,
      checks,
    };
  });
  return { level, blockingChecks, levels };
}
