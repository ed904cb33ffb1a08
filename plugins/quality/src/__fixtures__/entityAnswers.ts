import { DateTime } from 'luxon';
import {
  EntityQualitySummary,
  PostmortemListing,
  SquadLearning,
  QualityItemPage,
  Severity,
  SEVERITIES,
} from '@quality-pulse/plugin-quality-common';
import { QualityItemsRequest } from '../api';

export const MINUTE = 60_000;
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
