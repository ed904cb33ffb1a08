import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { BudgetState } from '@quality-pulse/plugin-quality-common';
import { describeBudgetUse } from '../metrics/qualityBudget';
import { BudgetFacts } from '../metrics/scorecardFacts';
import {
  BudgetStateStore,
  BudgetTransition,
} from '../database/BudgetStateStore';

/** The squad's Quality tab, where the budget and what consumes it are shown. */
export function squadQualityLink(groupRef: string): string {
  const { namespace, name } = parseEntityRef(groupRef);
  return `/catalog/${namespace}/group/${name}/quality`;
}

const RANK: Record<BudgetState, number> = {
  within: 0,
  'at-risk': 1,
  breached: 2,
};

/** The notification for one transition, in the product's words; no person is named. */
export function budgetTransitionMessage(
  transition: BudgetTransition,
  budget: BudgetFacts,
  squadTitle: string,
) {
  const usage = `Open bugs: ${describeBudgetUse(budget)}.`;
  const worse = RANK[transition.to] > RANK[transition.from];
  if (transition.to === 'breached') {
    return {
      title: `Quality budget breached: ${squadTitle}`,
      description: `${usage} The next sprint is a bug-fix sprint.`,
      severity: 'high' as const,
    };
  }
  if (transition.to === 'at-risk' && worse) {
    return {
      title: `Quality budget at risk: ${squadTitle}`,
      description: `${usage} At 80 % of a ceiling: fixing a few bugs now avoids a bug-fix sprint.`,
      severity: 'normal' as const,
    };
  }
  if (transition.to === 'at-risk') {
    return {
      title: `Quality budget no longer breached: ${squadTitle}`,
      description: `${usage} Out of breach, still at risk.`,
      severity: 'normal' as const,
    };
  }
  return {
    title: `Quality budget recovered: ${squadTitle}`,
    description: `${usage} Back within budget — the fixes paid off.`,
    severity: 'low' as const,
  };
}

/**
 * Notifies each squad whose budget changed state, once per transition:
 * the budget-state store's compare-and-set decides who sends across instances. A notification
 * that cannot be sent releases its claim, so the next evaluation retries it.
 */
export async function notifyBudgetTransitions(options: {
  budgetStates: BudgetStateStore;
  notifications: NotificationService | undefined;
  logger: LoggerService;
  budgets: Map<string, BudgetFacts>;
  squadTitles: Map<string, string>;
  now: number;
}): Promise<BudgetTransition[]> {
  const { budgetStates, notifications, logger, budgets, now } = options;
  if (!notifications) {
    return [];
  }
  const transitions = await budgetStates.claimTransitions(
    [...budgets.values()].map(b => ({ groupRef: b.groupRef, state: b.state })),
    now,
  );
  const sent: BudgetTransition[] = [];
  for (const transition of transitions) {
    const budget = budgets.get(transition.groupRef)!;
    const message = budgetTransitionMessage(
      transition,
      budget,
      options.squadTitles.get(transition.groupRef) ?? transition.groupRef,
    );
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: transition.groupRef },
        payload: {
          ...message,
          link: squadQualityLink(transition.groupRef),
          topic: 'Quality budget',
          // One inbox entry per squad, updated and marked unread on each transition.
          scope: `quality-budget:${transition.groupRef}`,
        },
      });
      sent.push(transition);
    } catch (error) {
      await budgetStates.release(transition);
      logger.warn(
        `Could not notify ${transition.groupRef} that its quality budget is ${transition.to}; will retry at the next evaluation: ${error}`,
      );
    }
  }
  return sent;
}
