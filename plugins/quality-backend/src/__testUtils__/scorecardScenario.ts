// Test helper: a small org with data that puts each scorecard check to work.
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { Organisation } from '../catalog/organisation';
import { QualityItemStore } from '../database/QualityItemStore';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';
import { testComponent, testGroup } from './catalogEntities';

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
/** Tuesday 24 November 2026, 12:00 UTC. */
export const NOW = Date.UTC(2026, 10, 24, 12);

/**
 * commerce (department) → payments-squad (payments-api with good data,
 * checkout-web with none) and search-squad (search-api: an aged P1, a third
 * of its bugs escaped, a post-mortem published exactly at its deadline).
 * orphan-lib has no owner and no data.
 */
export const scenarioEntities: Entity[] = [
  testGroup('commerce', { type: 'department' }),
  testGroup('payments-squad', { parent: 'commerce' }),
  testGroup('search-squad', { parent: 'commerce' }),
  testComponent('payments-api', { owner: 'payments-squad' }),
  testComponent('checkout-web', { owner: 'payments-squad' }),
  testComponent('search-api', { owner: 'search-squad' }),
  {
    ...testComponent('orphan-lib'),
    spec: { type: 'library', lifecycle: 'production' },
  },
];

const PAYMENTS = 'component:default/payments-api';
const SEARCH = 'component:default/search-api';

function closedBug(
  now: number,
  id: string,
  entityRef: string,
  createdDaysAgo: number,
  escaped = false,
) {
  return {
    externalId: id,
    title: `Bug ${id}`,
    escaped,
    history: [
      {
        at: new Date(now - createdDaysAgo * DAY),
        status: 'open' as const,
        severity: 'P3' as const,
        entityRef,
      },
      {
        at: new Date(now - (createdDaysAgo - 2) * DAY),
        status: 'closed' as const,
        severity: 'P3' as const,
        entityRef,
      },
    ],
  };
}

/** The scenario's components as the scorecards read them from the catalog. */
export const scenarioComponents = [
  {
    ref: 'component:default/payments-api',
    type: 'service',
    lifecycle: 'production',
    tags: [],
  },
  {
    ref: 'component:default/checkout-web',
    type: 'service',
    lifecycle: 'production',
    tags: [],
  },
  {
    ref: 'component:default/search-api',
    type: 'service',
    lifecycle: 'production',
    tags: [],
  },
  {
    ref: 'component:default/orphan-lib',
    type: 'library',
    lifecycle: 'production',
    tags: [],
  },
];
/** The scenario's org. */
export const scenarioOrg = () =>
  Organisation.fromEntities(
    scenarioEntities.filter(e => e.kind === 'Group'),
    scenarioEntities.filter(e => e.kind === 'Component'),
  );

export function openCriticalBug(
  id: string,
  entityRef: string,
  openedAt: number,
) {
  return {
    externalId: id,
    title: `Critical ${id}`,
    escaped: false,
    history: [
      {
        at: new Date(openedAt),
        status: 'open' as const,
        severity: 'P1' as const,
        entityRef,
      },
    ],
  };
}

/**
 * Stores the scenario's data as of NOW. Tests that run against the real clock
 * (a whole backend) pass `now` to move every instant along with it; weekdays
 * then differ, so only they may not assert post-mortem deadlines.
 */
export async function seedScenario(db: Knex, now = NOW): Promise<void> {
  await db.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
  const shift = now - NOW;
  const at = (millis: number) => millis + shift;
  const tracker = new QualityItemStore(db, 'jira', { now: () => now });
  await tracker.upsertBugs([
    // payments-api: 12 created in the window, 1 escaped (8.3 %); a P1 one hour short of 7 days old.
    ...Array.from({ length: 11 }, (_, i) =>
      closedBug(now, `PAY-${i}`, PAYMENTS, 80 - i * 5, i === 0),
    ),
    openCriticalBug('PAY-P1', PAYMENTS, now - 7 * DAY + HOUR),
    // search-api: 10 created, 3 escaped (30 %); a P1 exactly 7 days old is aged.
    ...Array.from({ length: 9 }, (_, i) =>
      closedBug(now, `SRC-${i}`, SEARCH, 70 - i * 5, i < 3),
    ),
    openCriticalBug('SRC-P1', SEARCH, now - 7 * DAY),
  ]);

  const pager = new QualityItemStore(db, 'pagerduty', { now: () => now });
  await pager.upsertIncidents([
    // Resolved Friday 13 Nov: due by the end of Friday 20 Nov; published 23:59 that day.
    incident('INC-1', PAYMENTS, 'P1', at(Date.UTC(2026, 10, 13, 10)), 2 * HOUR),
    // Resolved Monday 23 Nov: still inside its 5 working days, no post-mortem yet.
    incident('INC-2', PAYMENTS, 'P0', at(Date.UTC(2026, 10, 23, 9)), HOUR),
    // Resolved Saturday 14 Nov: due by the end of Friday 20 Nov; published at midnight after.
    incident('INC-3', SEARCH, 'P1', at(Date.UTC(2026, 10, 14, 8)), 3 * HOUR),
    // A P2 without a post-mortem does not count.
    incident('INC-4', SEARCH, 'P2', at(Date.UTC(2026, 10, 10, 8)), HOUR),
  ]);
  await pager.upsertPostmortems([
    postmortem('PM-1', PAYMENTS, at(Date.UTC(2026, 10, 20, 23, 59)), 'INC-1'),
    postmortem('PM-3', SEARCH, at(Date.UTC(2026, 10, 21, 0, 0)), 'INC-3'),
  ]);

  const ci = new QualityItemStore(db, 'push', { now: () => now });
  await ci.upsertDeployments(
    Array.from({ length: 10 }, (_, i) => ({
      externalId: `deploy-${i}`,
      entityRef: PAYMENTS,
      deployedAt: new Date(now - (i + 1) * 3 * DAY),
      remediation: i === 4,
    })),
  );
}

function incident(
  id: string,
  entityRef: string,
  severity: 'P0' | 'P1' | 'P2',
  resolvedAt: number,
  duration: number,
) {
  return {
    externalId: id,
    entityRef,
    title: `Incident ${id}`,
    severity,
    startedAt: new Date(resolvedAt - duration),
    resolvedAt: new Date(resolvedAt),
  };
}

function postmortem(
  id: string,
  entityRef: string,
  publishedAt: number,
  incidentId: string,
) {
  return {
    externalId: id,
    entityRef,
    title: `Post-mortem ${id}`,
    url: `https://wiki.example.com/${id}`,
    publishedAt: new Date(publishedAt),
    // Assessed complete: only complete post-mortems cover their incident.
    complete: true,
    subjects: [{ kind: 'incident' as const, externalId: incidentId }],
  };
}

/** Records what would have been sent, like the notifications backend's inbox. */
export class RecordingNotifications {
  readonly sent: Array<{ recipients: any; payload: any }> = [];
  failNext = false;

  async send(notification: { recipients: any; payload: any }): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('notifications backend unavailable');
    }
    this.sent.push(notification);
  }
}
