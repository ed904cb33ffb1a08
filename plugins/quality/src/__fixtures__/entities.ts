import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { DateTime } from 'luxon';
import {
  EntityQualitySummary,
  PostmortemListing,
  SquadLearning,
  QualityItemPage,
  Severity,
  SEVERITIES,
  OrgOverviewNode,
  OrgQualityOverview,
  QualityScorecard,
  ScorecardCheckResult,
  SquadQualitySummary,
} from '@quality-pulse/plugin-quality-common';
import { QualityApi, QualityItemsRequest } from '../api';

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
      linkedNotAssessed: 1,
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

/** Daily open bugs over a week and three weeks of MTTR, as the time-series endpoints return them. */
export function timeSeriesFixture() {
  const days = ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21'];
  const burnDown = days.map((date, i) => {
    const bySeverity = Object.fromEntries(
      SEVERITIES.map(s => [s, 0]),
    ) as Record<Severity, number>;
    bySeverity.P0 = 2;
    bySeverity.P2 = 3 + i;
    return { date, total: 5 + i, bySeverity };
  });
  const stats = (count: number, minutes: number | null) => ({
    count,
    medianMs: minutes === null ? null : minutes * MINUTE,
    p90Ms: minutes === null ? null : minutes * MINUTE,
    meanMs: minutes === null ? null : minutes * MINUTE,
  });
  const mttrWeekly = [
    {
      start: '2026-11-03T00:00:00.000Z',
      critical: stats(1, 180),
      overall: stats(2, 150),
    },
    {
      start: '2026-11-10T00:00:00.000Z',
      critical: stats(0, null),
      overall: stats(0, null),
    },
    {
      start: '2026-11-17T00:00:00.000Z',
      critical: stats(2, 125),
      overall: stats(3, 100),
    },
  ].map(week => ({
    ...week,
    end: DateTime.fromISO(week.start).plus({ days: 7 }).toUTC().toISO()!,
  }));
  return { burnDown, mttrWeekly };
}

/** One complete post-mortem of an incident and one draft. */
export function postmortemsFixture(): PostmortemListing[] {
  return [
    {
      source: 'pagerduty',
      externalId: 'pm-draft',
      title: 'Card declines after deploy',
      url: 'https://docs.example/pm-draft',
      publishedAt: null,
      complete: null,
      severity: 'P1',
      id: 2,
      assessment: null,
      notAssessedReason: 'document larger than 256 KB, not assessed',
      actions: [],
      followUpDueAt: null,
      review: null,
      subjects: [
        {
          kind: 'incident',
          source: 'pagerduty',
          externalId: 'Q1',
          title: 'Card declines spike',
          url: 'https://acme.pagerduty.com/incidents/Q1',
          severity: 'P1',
        },
      ],
    },
    {
      source: 'pagerduty',
      externalId: 'pm-1',
      title: 'Double charge on retry',
      url: 'https://docs.example/pm-1',
      publishedAt: '2026-11-02T09:00:00.000Z',
      complete: false,
      severity: 'P0',
      id: 1,
      assessment: {
        missingSections: ['whatWeAreNotChanging'],
        blameFlags: [{ line: 12, phrase: 'Alex should have' }],
        vagueActions: 0,
      },
      notAssessedReason: null,
      actions: [
        {
          id: 11,
          text: 'Make the charge call idempotent',
          owner: 'group:default/payments-squad',
          due: '2026-11-20',
          status: 'open',
          fixUrl: null,
          vague: false,
          overdue: true,
        },
        {
          id: 12,
          text: 'Add a retry test to the contract suite',
          owner: 'user:default/kim',
          due: '2026-12-10',
          status: 'done',
          fixUrl: 'https://github.com/acme/payments/pull/42',
          vague: false,
          overdue: false,
        },
      ],
      followUpDueAt: '2026-11-30T09:00:00.000Z',
      review: null,
      subjects: [
        {
          kind: 'incident',
          source: 'pagerduty',
          externalId: 'Q0',
          title: 'Payments double charged',
          url: 'https://acme.pagerduty.com/incidents/Q0',
          severity: 'P0',
        },
      ],
    },
  ];
}

/** A squad with an overdue action, a review due, a champion and one bug-bash. */
export function learningFixture(): SquadLearning {
  const [, published] = postmortemsFixture();
  return {
    groupRef: 'group:default/payments-squad',
    followUpsDue: [
      {
        postmortemId: 1,
        entityRef: 'component:default/payments-api',
        title: published.title,
        url: published.url,
        publishedAt: published.publishedAt!,
        dueAt: published.followUpDueAt!,
        overdue: false,
        openActions: 1,
      },
    ],
    overdueActions: [
      {
        ...published.actions[0],
        postmortemId: 1,
        postmortemTitle: published.title,
        postmortemUrl: published.url,
        entityRef: 'component:default/payments-api',
      },
    ],
    recentReviews: [],
    champion: {
      current: 'user:default/sam',
      termStartedOn: '2026-11-09',
      nextRotationOn: '2026-12-21',
      next: 'user:default/kim',
      termWeeks: 6,
      source: 'annotation',
    },
    bugBashes: [
      {
        id: 1,
        groupRef: 'group:default/payments-squad',
        title: 'Checkout bug-bash',
        label: 'bug-bash-nov',
        start: '2026-11-18',
        end: '2026-11-18',
        found: 2,
        withRootCauseNote: 1,
        fixed: 1,
        stillOpen: 1,
        bugs: [
          {
            source: 'jira',
            externalId: 'PAY-31',
            title: 'Coupon field accepts spaces',
            url: 'https://jira.example/PAY-31',
            entityRef: 'component:default/payments-api',
            severity: 'P3',
            status: 'closed',
            escaped: false,
            rootCauseNoteByEndOfDay: true,
          },
          {
            source: 'jira',
            externalId: 'PAY-32',
            title: 'Receipt e-mail shows wrong currency',
            url: 'https://jira.example/PAY-32',
            entityRef: 'component:default/payments-api',
            severity: 'P2',
            status: 'open',
            escaped: false,
            rootCauseNoteByEndOfDay: false,
          },
        ],
        reviewDueOn: '2026-12-16',
        review: null,
      },
    ],
  };
}

/** Items as a list endpoint returns them: `count` bugs numbered from `offset`. */
export function itemsFixture(
  request: QualityItemsRequest,
  total = 3,
): QualityItemPage {
  const offset = request.offset ?? 0;
  const count = Math.max(0, Math.min(request.limit ?? 50, total - offset));
  return {
    list: request.list,
    window: {
      start: '2026-08-26T00:00:00.000Z',
      end: '2026-11-24T00:00:00.000Z',
      days: 90,
    },
    total,
    items: Array.from({ length: count }, (_, i) => ({
      kind: 'bug' as const,
      source: 'jira',
      externalId: `PAY-${offset + i + 1}`,
      entityRef: 'component:default/payments-api',
      title: `Bug number ${offset + i + 1}`,
      url: `https://acme.atlassian.net/browse/PAY-${offset + i + 1}`,
      severity: request.severities?.[0] ?? 'P2',
      at: '2026-11-20T10:00:00.000Z',
      durationMs: null,
      flagged: request.list === 'escaped-bugs',
    })),
  };
}

/**
 * A QualityApi double: summaries answer in turn (the last one repeats), the
 * other calls answer with the fixtures above. Every call is recorded.
 */
export function fakeQualityApi(
  ...answers: Array<EntityQualitySummary | Error>
) {
  const calls: Array<{ entity: unknown; options: unknown }> = [];
  const itemRequests: Array<{
    owner: unknown;
    request: QualityItemsRequest;
    window: unknown;
  }> = [];
  const writes: Array<{ call: string; target: unknown; body: unknown }> = [];
  const api: QualityApi = {
    async getEntitySummary(entity, options) {
      calls.push({ entity, options });
      const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
      if (answer instanceof Error) {
        throw answer;
      }
      return answer;
    },
    async getEntityTimeSeries(entity) {
      return {
        entityRef: stringifyEntityRef(entity),
        window: summaryFixture().window,
        ...timeSeriesFixture(),
      };
    },
    async getEntityItems(entity, request, window) {
      itemRequests.push({ owner: entity, request, window });
      return itemsFixture(request);
    },
    async getSquadItems(group, request, window) {
      itemRequests.push({ owner: group, request, window });
      return itemsFixture(request);
    },
    async getEntityPostmortems(entity) {
      return {
        entityRef: stringifyEntityRef(entity),
        window: summaryFixture().window,
        postmortems: postmortemsFixture(),
      };
    },
    async getSquadSummary() {
      return squadFixture();
    },
    async getSquadTimeSeries(group) {
      return {
        groupRef: `group:${group.namespace}/${group.name}`,
        window: summaryFixture().window,
        ...timeSeriesFixture(),
      };
    },
    async getEntityScorecard(entity) {
      return scorecardFixture(stringifyEntityRef(entity), 'entity');
    },
    async getSquadScorecard(group) {
      return scorecardFixture(
        `group:${group.namespace}/${group.name}`,
        'squad',
      );
    },
    async getOrgOverview() {
      return orgFixture();
    },
    async getOrgTimeSeries() {
      return { window: summaryFixture().window, ...timeSeriesFixture() };
    },
    async getSquadLearning() {
      return learningFixture();
    },
    async linkPostmortem(entity, link) {
      writes.push({
        call: 'linkPostmortem',
        target: stringifyEntityRef(entity),
        body: link,
      });
      return { assessed: false };
    },
    async updateAction(actionId, change) {
      writes.push({ call: 'updateAction', target: actionId, body: change });
    },
    async recordFollowUpReview(postmortemId, review) {
      writes.push({
        call: 'recordFollowUpReview',
        target: postmortemId,
        body: review,
      });
    },
  };
  return { api, calls, itemRequests, writes };
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
  const { api, writes } = fakeQualityApi(summaryFixture());
  const calls: Array<{ group: unknown; options: unknown }> = [];
  api.getSquadSummary = async (group, options) => {
    calls.push({ group, options });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { api, calls, writes };
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

/** renderInTestApp options of a catalog app: entity pages are mounted, so links to them resolve. */
export const withCatalogRoutes = {
  mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
};

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
  };
}
