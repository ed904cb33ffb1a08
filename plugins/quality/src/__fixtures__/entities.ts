import { Entity } from '@backstage/catalog-model';
import {
  EntityQualitySummary,
  Severity,
  SEVERITIES,
  OrgOverviewNode,
  OrgQualityOverview,
  SquadQualitySummary,
} from '@quality-pulse/plugin-quality-common';
import { QualityApi } from '../api';

export const configuredComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: {
      'pagerduty.com/service-id': 'PPAYAPI',
      'jira/project-key': 'PAY',
    },
  },
  spec: { type: 'service', owner: 'payments-squad', lifecycle: 'production' },
};

export const bareComponent: Entity = {
  ...configuredComponent,
  metadata: { name: 'design-system', namespace: 'default' },
};

const MINUTE = 60_000;
const OPEN_BUGS: Partial<Record<(typeof SEVERITIES)[number], number>> = {
  P0: 2,
  P2: 5,
};

const noDurations = (severity: Severity) => ({
  severity,
  count: 0,
  medianMs: null,
  p90Ms: null,
  meanMs: null,
});

/** A summary as the backend returns it: 2 h 5 min median for P0+P1, 7 open bugs. */
export function summaryFixture(
  overrides: Partial<EntityQualitySummary> = {},
): EntityQualitySummary {
  const p1 = {
    count: 4,
    medianMs: 125 * MINUTE,
    p90Ms: 3 * 24 * 60 * MINUTE,
    meanMs: 1500 * MINUTE,
  };
  return {
    entityRef: 'component:default/payments-api',
    window: {
      start: '2026-08-26T00:00:00.000Z',
      end: '2026-11-24T00:00:00.000Z',
      days: 90,
    },
    mttr: {
      overall: {
        count: 12,
        medianMs: 95 * MINUTE,
        p90Ms: 30 * 60 * MINUTE,
        meanMs: 400 * MINUTE,
      },
      critical: p1,
      bySeverity: SEVERITIES.map(severity =>
        severity === 'P1' ? { severity, ...p1 } : noDurations(severity),
      ),
    },
    bugTimeToFix: {
      overall: { count: 0, medianMs: null, p90Ms: null, meanMs: null },
      critical: { count: 0, medianMs: null, p90Ms: null, meanMs: null },
      bySeverity: SEVERITIES.map(noDurations),
    },
    openBugs: {
      total: 7,
      bySeverity: SEVERITIES.map(severity => ({
        severity,
        count: OPEN_BUGS[severity] ?? 0,
      })),
    },
    escapedDefectRate: {
      numerator: 3,
      denominator: 20,
      rate: 0.15,
      lowConfidence: false,
    },
    reworkRate: {
      numerator: 2,
      denominator: 40,
      rate: 0.05,
      lowConfidence: false,
    },
    rootCauseCoverage: {
      numerator: 1,
      denominator: 2,
      rate: 0.5,
      lowConfidence: true,
    },
    burnDownTrend: {
      weekly: [
        { date: '2026-10-27', open: 5 },
        { date: '2026-11-03', open: 6 },
        { date: '2026-11-10', open: 5 },
        { date: '2026-11-17', open: 6 },
        { date: '2026-11-24', open: 7 },
      ],
      changeOverFourWeeks: 2,
      wrongWay: true,
    },
    hasData: true,
    sources: [
      {
        providerId: 'demo',
        lastSucceededAt: new Date().toISOString(),
        lastError: null,
      },
    ],
    ...overrides,
  };
}

/** A QualityApi double that answers with the given summaries in turn (the last one repeats). */
export function fakeQualityApi(
  ...answers: Array<EntityQualitySummary | Error>
) {
  const calls: Array<{ entity: unknown; options: unknown }> = [];
  const api: QualityApi = {
    async getEntitySummary(entity, options) {
      calls.push({ entity, options });
      const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
      if (answer instanceof Error) {
        throw answer;
      }
      return answer;
    },
    // The entity tab reads only the summary; the other views have their own doubles.
    async getEntityTimeSeries() {
      throw new Error('not used by the entity tab');
    },
    async getSquadSummary() {
      throw new Error('not used by the entity tab');
    },
    async getOrgOverview() {
      throw new Error('not used by the entity tab');
    },
    async getSquadTimeSeries() {
      throw new Error('not used by the entity tab');
    },
    async getOrgTimeSeries() {
      throw new Error('not used by the entity tab');
    },
  };
  return { api, calls };
}

export const squadGroup: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name: 'payments-squad',
    namespace: 'default',
    title: 'Payments squad',
  },
  spec: { type: 'team', children: [] },
};

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

/** A QualityApi double for the squad tab: answers getSquadSummary in turn. */
export function fakeSquadApi(...answers: Array<SquadQualitySummary | Error>) {
  const { api } = fakeQualityApi(summaryFixture());
  const calls: Array<{ group: unknown; options: unknown }> = [];
  api.getSquadSummary = async (group, options) => {
    calls.push({ group, options });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { api, calls };
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
