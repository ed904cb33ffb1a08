import {
  BudgetState,
  LOW_CONFIDENCE_DENOMINATOR,
} from '@quality-pulse/plugin-quality-common';
import { formatHours, formatPercent } from '../metrics/formatFigures';
import { describeBudgetUse } from '../metrics/qualityBudget';
import { ScopeFacts } from '../metrics/scorecardFacts';
import { HOUR_MS } from '../time';

/**
 * What a metric says about one entity or squad: a value with the parts behind
 * it, or why the data cannot tell.
 */
export type MetricReading =
  | {
      value: number | BudgetState;
      /** The value in words, for the check's reason ("3 open P0/P1 bugs older than 7 days"). */
      text: string;
      data: Record<string, number | string | null>;
    }
  | { unknown: string; data: Record<string, number | string | null> };

export type MetricUnit = 'count' | 'ratio' | 'hours' | 'days' | 'budgetState';

interface ScorecardMetric {
  unit: MetricUnit;
  /** Needs a data source: without one the reading is unknown, not a vacuous pass. */
  needsData: boolean;
  read(facts: ScopeFacts): MetricReading;
}

export const BUDGET_STATE_WORDS: Record<BudgetState, string> = {
  within: 'within',
  'at-risk': 'at risk',
  breached: 'breached',
};

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

/** A ratio; too few items to rate is unknown, never a bare percentage (PRODUCT.md). */
function ratioReading(
  parts: { numerator: number; denominator: number },
  what: { item: string; items: string; flagged: string },
): MetricReading {
  const data = { numerator: parts.numerator, denominator: parts.denominator };
  if (parts.denominator < LOW_CONFIDENCE_DENOMINATOR) {
    return {
      unknown: `Too few to rate: ${parts.numerator} ${what.flagged} of ${plural(
        parts.denominator,
        what.item,
        what.items,
      )} (a rate needs at least ${LOW_CONFIDENCE_DENOMINATOR})`,
      data,
    };
  }
  const rate = parts.numerator / parts.denominator;
  return {
    value: rate,
    text: `${formatPercent(rate)} (${parts.numerator} ${
      what.flagged
    } of ${plural(parts.denominator, what.item, what.items)})`,
    data,
  };
}

/**
 * The metrics a check can name in app-config. Each reads the facts gathered
 * for the whole org in one pass; adding one means adding its facts there.
 */
export const SCORECARD_METRICS = {
  entitiesWithoutDataSource: {
    unit: 'count',
    needsData: false,
    read: facts => {
      const without = facts.entitiesWithoutDataSource;
      let text: string;
      if (facts.entityCount === 1) {
        text = without
          ? 'No data source reports for it'
          : 'A data source reports for it';
      } else if (without === 0) {
        text = `All ${plural(facts.entityCount, 'service')} have a data source`;
      } else {
        text = `${without} of ${plural(facts.entityCount, 'service')} ${
          without === 1 ? 'has' : 'have'
        } no data source`;
      }
      return {
        value: without,
        text,
        data: { withoutDataSource: without, entities: facts.entityCount },
      };
    },
  },
  agedCriticalBugs: {
    unit: 'count',
    needsData: true,
    read: facts => ({
      value: facts.agedCritical,
      text: `${
        facts.agedCritical === 0
          ? 'No open P0/P1 bug'
          : plural(facts.agedCritical, 'open P0/P1 bug')
      } older than ${facts.criticalMaxAgeDays} days`,
      data: {
        agedCritical: facts.agedCritical,
        maxAgeDays: facts.criticalMaxAgeDays,
        openCritical: facts.open.P0 + facts.open.P1,
      },
    }),
  },
  openCriticalBugs: {
    unit: 'count',
    needsData: true,
    read: facts => ({
      value: facts.open.P0 + facts.open.P1,
      text: plural(facts.open.P0 + facts.open.P1, 'open P0/P1 bug'),
      data: { P0: facts.open.P0, P1: facts.open.P1 },
    }),
  },
  openBugs: {
    unit: 'count',
    needsData: true,
    read: facts => {
      const total = Object.values(facts.open).reduce((a, b) => a + b, 0);
      return {
        value: total,
        text: plural(total, 'open bug'),
        data: { ...facts.open },
      };
    },
  },
  budgetState: {
    unit: 'budgetState',
    needsData: true,
    read: (facts): MetricReading => {
      const budget = facts.budget;
      if (!budget) {
        return {
          unknown:
            'No squad (a Group of type team) owns it, so it has no quality budget',
          data: {},
        };
      }
      return {
        value: budget.state,
        text: `The budget of ${budget.title} is ${
          BUDGET_STATE_WORDS[budget.state]
        }: ${describeBudgetUse(budget)}`,
        data: {
          groupRef: budget.groupRef,
          openP2: budget.openP2.used,
          maxOpenP2: budget.openP2.ceiling,
          agedCritical: budget.agedCritical.used,
          maxAgedCritical: budget.agedCritical.ceiling,
        },
      };
    },
  },
  escapedDefectRate: {
    unit: 'ratio',
    needsData: true,
    read: facts =>
      ratioReading(facts.escaped, {
        item: 'bug created',
        items: 'bugs created',
        flagged: 'escaped',
      }),
  },
  reworkRate: {
    unit: 'ratio',
    needsData: true,
    read: facts =>
      ratioReading(facts.rework, {
        item: 'deployment',
        items: 'deployments',
        flagged: 'remediation',
      }),
  },
  rootCauseCoverage: {
    unit: 'ratio',
    needsData: true,
    read: facts =>
      ratioReading(facts.rootCause, {
        item: 'escaped bug or P0/P1 incident',
        items: 'escaped bugs and P0/P1 incidents',
        flagged: 'with a complete post-mortem',
      }),
  },
  lateCriticalPostmortems: {
    unit: 'count',
    needsData: true,
    read: facts => {
      const { resolved, late, pending } = facts.postmortems;
      const text =
        resolved === 0
          ? 'No P0/P1 incident resolved in the window'
          : `${late} of ${plural(
              resolved,
              'P0/P1 incident',
            )} without a post-mortem within 5 working days${
              pending ? `; ${pending} still inside the 5 days` : ''
            }`;
      return { value: late, text, data: { resolved, late, pending } };
    },
  },
  mttrCriticalMedianHours: {
    unit: 'hours',
    needsData: true,
    read: facts => {
      const { count, medianMs } = facts.mttrCritical;
      if (count === 0 || medianMs === null) {
        // No critical incident to restore is good news, not a gap in the data.
        return {
          value: 0,
          text: 'No P0/P1 incident resolved in the window',
          data: { incidents: 0, medianHours: null },
        };
      }
      const hours = medianMs / HOUR_MS;
      return {
        value: hours,
        text: `Median ${formatHours(hours)} over ${plural(
          count,
          'P0/P1 incident',
        )}`,
        data: { incidents: count, medianHours: Math.round(hours * 100) / 100 },
      };
    },
  },
  timeToPostmortemDays: {
    unit: 'days',
    needsData: true,
    read: (facts): MetricReading => {
      const { published, timeToPublishMsSum } = facts.postmortems;
      if (published === 0) {
        return {
          unknown:
            'No P0/P1 incident resolved in the window has a published post-mortem yet',
          data: { published: 0 },
        };
      }
      // A mean, not a median: it adds up from services to squads exactly.
      const days = timeToPublishMsSum / published / (24 * HOUR_MS);
      const rounded = Math.round(days * 10) / 10;
      return {
        value: days,
        text: `On average ${rounded} days from resolution to post-mortem, over ${plural(
          published,
          'P0/P1 incident',
        )}`,
        data: { published, meanDays: rounded },
      };
    },
  },
  overdueLearningItems: {
    unit: 'count',
    needsData: false,
    read: facts => {
      const { overdueActions, overdueFollowUps } = facts.learning;
      return {
        value: overdueActions + overdueFollowUps,
        text:
          overdueActions + overdueFollowUps === 0
            ? 'No post-mortem action or four-week review is overdue'
            : `${plural(overdueActions, 'action')} past due, ${plural(
                overdueFollowUps,
                'four-week review',
              )} overdue`,
        data: { overdueActions, overdueFollowUps },
      };
    },
  },
  burnDownRisingWeeks: {
    unit: 'count',
    needsData: true,
    read: facts => {
      const weeks = risingWeeks(facts.weeklyOpen);
      const [first, , , , last] = facts.weeklyOpen;
      let rise = `Open bugs rose in each of the last ${weeks} weeks`;
      if (weeks === 0) {
        rise = 'Open bugs did not rise last week';
      } else if (weeks === 1) {
        rise = 'Open bugs rose last week';
      }
      return {
        value: weeks,
        text: `${rise} (${first} four weeks ago, ${last} now)`,
        data: {
          risingWeeks: weeks,
          openFourWeeksAgo: first,
          openNow: last,
        },
      };
    },
  },
} satisfies Record<string, ScorecardMetric>;

export type ScorecardMetricId = keyof typeof SCORECARD_METRICS;

export function isScorecardMetric(id: string): id is ScorecardMetricId {
  return Object.prototype.hasOwnProperty.call(SCORECARD_METRICS, id);
}

export function metricDefinition(id: ScorecardMetricId): ScorecardMetric {
  return SCORECARD_METRICS[id];
}

/** Weeks, counted back from now, in which the open count rose each week. */
export function risingWeeks(weekly: number[]): number {
  let weeks = 0;
  for (let i = weekly.length - 1; i > 0 && weekly[i] > weekly[i - 1]; i--) {
    weeks += 1;
  }
  return weeks;
}
