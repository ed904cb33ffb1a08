import {
  SEVERITIES,
  OrgOverviewNode,
  OrgQualityOverview,
  QualityScorecard,
  ScorecardCheckResult,
  SquadQualitySummary,
} from '@quality-pulse/plugin-quality-common';
import { MINUTE, summaryFixture } from './entityAnswers';

/** A squad summary: two services, a breached budget (22 open P2 bugs of 20, one aged P1). */
export function squadFixture(
  overrides: Partial<SquadQualitySummary> = {},
): SquadQualitySummary {
  const base = summaryFixture();
  return {
    groupRef: 'group:default/payments-squad',
    title: 'Payments squad',
    window: base.window,
    entityRefs: [
      'component:default/payments-api',
      'component:default/ledger-service',
    ],
    childGroupRefs: [],
    mttr: base.mttr,
    bugTimeToFix: base.bugTimeToFix,
    openBugs: base.openBugs,
    escapedDefectRate: base.escapedDefectRate,
    reworkRate: base.reworkRate,
    rootCauseCoverage: base.rootCauseCoverage,
    burnDownTrend: base.burnDownTrend,
    budget: {
      state: 'breached',
      ceilings: { maxOpenP2: 20, maxAgedCritical: 0, criticalMaxAgeDays: 7 },
      overrides: [],
      openP2: { used: 22, ceiling: 20 },
      agedCritical: { used: 1, ceiling: 0, nearlyAged: 1 },
    },
    budgetConsumers: [
      {
        source: 'jira-cloud',
        externalId: '10042',
        title: 'PAY-42 Refund double-charges',
        url: 'https://acme.atlassian.net/browse/PAY-42',
        severity: 'P1',
        entityRef: 'component:default/payments-api',
        openedAt: '2026-11-10T09:00:00.000Z',
        ageDays: 14,
      },
    ],
    entities: [
      {
        entityRef: 'component:default/payments-api',
        openBugs: {
          total: 15,
          bySeverity: SEVERITIES.map(severity => ({
            severity,
            count: ({ P1: 1, P2: 14 } as Record<string, number>)[severity] ?? 0,
          })),
        },
        escapedDefectRate: {
          numerator: 3,
          denominator: 20,
          rate: 0.15,
          lowConfidence: false,
        },
      },
      {
        entityRef: 'component:default/ledger-service',
        openBugs: {
          total: 8,
          bySeverity: SEVERITIES.map(severity => ({
            severity,
            count: severity === 'P2' ? 8 : 0,
          })),
        },
        escapedDefectRate: {
          numerator: 1,
          denominator: 4,
          rate: 0.25,
          lowConfidence: true,
        },
      },
    ],
    ...overrides,
  };
}

function orgNode(
  name: string,
  type: string,
  overrides: Partial<OrgOverviewNode> = {},
): OrgOverviewNode {
  const zero = { count: 0, medianMs: null, p90Ms: null, meanMs: null };
  return {
    groupRef: `group:default/${name}`,
    title: name,
    type,
    entityCount: 2,
    openBugs: {
      total: 5,
      bySeverity: SEVERITIES.map(severity => ({
        severity,
        count: ({ P1: 1, P2: 4 } as Record<string, number>)[severity] ?? 0,
      })),
    },
    escapedDefectRate: {
      numerator: 2,
      denominator: 20,
      rate: 0.1,
      lowConfidence: false,
    },
    reworkRate: {
      numerator: 0,
      denominator: 0,
      rate: null,
      lowConfidence: true,
    },
    mttr: {
      critical: { ...zero, count: 3, medianMs: 90 * MINUTE },
      overall: zero,
    },
    trend: { changeOverFourWeeks: 0, wrongWay: false },
    budget: null,
    squadBudgets: { within: 0, atRisk: 0, breached: 0 },
    children: [],
    ...overrides,
  };
}

/** Acme → commerce (checkout squad breached, cart squad within) and platform (identity squad at risk). */
export function orgFixture(): OrgQualityOverview {
  const budget = squadFixture().budget!;
  const checkout = orgNode('checkout-squad', 'team', {
    budget,
    trend: { changeOverFourWeeks: 6, wrongWay: true },
  });
  const cart = orgNode('cart-squad', 'team', {
    budget: { ...budget, state: 'within' },
  });
  const identity = orgNode('identity-squad', 'team', {
    budget: { ...budget, state: 'at-risk' },
  });
  return {
    window: summaryFixture().window,
    roots: [
      orgNode('acme', 'organization', {
        squadBudgets: { within: 1, atRisk: 1, breached: 1 },
        children: [
          orgNode('commerce', 'department', {
            squadBudgets: { within: 1, atRisk: 0, breached: 1 },
            children: [checkout, cart],
          }),
          orgNode('platform', 'department', {
            squadBudgets: { within: 0, atRisk: 1, breached: 0 },
            children: [identity],
          }),
        ],
      }),
    ],
  };
}

function checkResult(
  checkId: string,
  title: string,
  level: string,
  status: ScorecardCheckResult['status'],
  reason: string,
): ScorecardCheckResult {
  return {
    checkId,
    title,
    description: `${title}.`,
    level,
    status,
    reason,
    metric: 'fixture',
    operator: '<=',
    threshold: 0,
    value: status === 'unknown' ? null : 1,
    data: {},
    since: '2026-11-20T08:00:00.000Z',
  };
}

/** Bronze since 20 Nov (it was Silver before); Silver held back by the escaped rate. */
export function scorecardFixture(
  scopeRef: string,
  scopeKind: 'entity' | 'squad',
): QualityScorecard {
  return {
    scopeRef,
    scopeKind,
    evaluatedAt: '2026-11-24T11:30:00.000Z',
    level: 'bronze',
    levelSince: '2026-11-20T08:00:00.000Z',
    levels: [
      {
        id: 'bronze',
        title: 'Bronze',
        reached: true,
        checks: [
          checkResult(
            'data-source-configured',
            'Data source configured',
            'bronze',
            'pass',
            'A data source reports for it; needs exactly 0',
          ),
          checkResult(
            'no-aged-critical-bugs',
            'No P0/P1 bug older than 7 days',
            'bronze',
            'pass',
            '0 open P0/P1 bugs older than 7 days; needs at most 0',
          ),
        ],
      },
      {
        id: 'silver',
        title: 'Silver',
        reached: false,
        checks: [
          checkResult(
            'escaped-defect-rate',
            'Escaped defect rate at most 15 %',
            'silver',
            'fail',
            '30 % (6 escaped of 20 bugs created); needs at most 15 %',
          ),
          checkResult(
            'postmortems-on-time',
            'Post-mortem within 5 working days',
            'silver',
            'pass',
            '0 of 2 P0/P1 incidents without a post-mortem within 5 working days; needs exactly 0',
          ),
        ],
      },
      {
        id: 'gold',
        title: 'Gold',
        reached: false,
        checks: [
          checkResult(
            'rework-rate',
            'Rework rate at most 10 %',
            'gold',
            'unknown',
            'Too few to rate: 0 remediation of 4 deployments (a rate needs at least 10); needs at most 10 %',
          ),
          checkResult(
            'budget-headroom',
            'Quality budget has headroom',
            'gold',
            'warn',
            'The budget of Payments squad is at risk: 17 open P2 (at most 20), 0 P0/P1 older than 7 days (at most 0); needs within',
          ),
        ],
      },
    ],
    history: [
      {
        changedAt: '2026-11-20T08:00:00.000Z',
        fromLevel: 'silver',
        toLevel: 'bronze',
        blockingChecks: ['escaped-defect-rate'],
      },
      {
        changedAt: '2026-10-02T08:00:00.000Z',
        fromLevel: null,
        toLevel: 'silver',
        blockingChecks: ['rework-rate'],
      },
    ],
    // First evaluated 2 Oct; the escaped rate failed from 20 Nov; the
    // post-mortems were late for two weeks in October.
    checkChanges: [
      ...['data-source-configured', 'no-aged-critical-bugs'].map(checkId =>
        change(checkId, '2026-10-02T08:00:00.000Z', null, 'pass'),
      ),
      change('escaped-defect-rate', '2026-10-02T08:00:00.000Z', null, 'pass'),
      change('postmortems-on-time', '2026-10-02T08:00:00.000Z', null, 'pass'),
      change('postmortems-on-time', '2026-10-16T08:00:00.000Z', 'pass', 'fail'),
      change('postmortems-on-time', '2026-10-30T08:00:00.000Z', 'fail', 'pass'),
      change('escaped-defect-rate', '2026-11-20T08:00:00.000Z', 'pass', 'fail'),
    ],
  };
}

function change(
  checkId: string,
  changedAt: string,
  fromStatus: ScorecardCheckResult['status'] | null,
  toStatus: ScorecardCheckResult['status'],
) {
  return { checkId, changedAt, fromStatus, toStatus };
}
