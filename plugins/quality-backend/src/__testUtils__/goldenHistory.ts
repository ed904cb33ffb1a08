/*
 * The golden tests' history: a small history whose every metric was worked out by hand
 * (the arithmetic is in the comments), run on SQLite and PostgreSQL with the
 * same expectations, so both databases must agree to the millisecond.
 *
 * Now is 2026-03-31 12:00 UTC; the default window is the 30 days before it.
 * The EU switched to summer time on 2026-03-29 at 01:00 UTC.
 */
import {
  BugHistoryEntry,
  NormalisedBug,
  NormalisedIncident,
} from '@quality-pulse/plugin-quality-node';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';
import { QualityItemStore } from '../database/QualityItemStore';
import { TimeWindow } from '../metrics/window';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const NOW = Date.parse('2026-03-31T12:00:00Z');
export const WINDOW: TimeWindow = { start: NOW - 30 * DAY, end: NOW, days: 30 };
export const A = 'component:default/payments-api';
export const B = 'component:default/ledger-service';
export const C = 'component:default/checkout-web';

export const at = (iso: string) => new Date(iso);
export const entry = (
  iso: string,
  status: 'open' | 'closed',
  severity: BugHistoryEntry['severity'],
  entityRef = A,
): BugHistoryEntry => ({ at: at(iso), status, severity, entityRef });
export const bug = (
  externalId: string,
  history: BugHistoryEntry[],
  escaped = false,
): NormalisedBug => ({
  externalId,
  title: externalId,
  escaped,
  history,
});

export const BUGS: NormalisedBug[] = [
  // Reopened: open 2 days, closed, reopened 6 days later, fixed 2 days after. Time to fix 10 d 5 h.
  bug('BUG-1', [
    entry('2026-03-02T10:00:00Z', 'open', 'P2'),
    entry('2026-03-04T10:00:00Z', 'closed', 'P2'),
    entry('2026-03-10T09:00:00Z', 'open', 'P2'),
    entry('2026-03-12T15:00:00Z', 'closed', 'P2'),
  ]),
  // Without severity, escaped, still open.
  bug('BUG-2', [entry('2026-03-05T08:00:00Z', 'open', 'unclassified')], true),
  // Escalated P3 → P1 after a day, escaped, fixed after 3 d 12 h.
  bug(
    'BUG-3',
    [
      entry('2026-03-06T09:00:00Z', 'open', 'P3'),
      entry('2026-03-07T09:00:00Z', 'open', 'P1'),
      entry('2026-03-09T21:00:00Z', 'closed', 'P1'),
    ],
    true,
  ),
  // Moved from the ledger to payments while open.
  bug('BUG-4', [
    entry('2026-03-03T12:00:00Z', 'open', 'P2', B),
    entry('2026-03-08T12:00:00Z', 'open', 'P2', A),
  ]),
  // Opened before the window and still open: part of every day's baseline.
  bug('BUG-5', [entry('2026-01-15T00:00:00Z', 'open', 'P1')]),
  // Opened and fixed the same day: never open at the end of a day. Time to fix 8 h.
  bug('BUG-6', [
    entry('2026-03-20T09:00:00Z', 'open', 'P4'),
    entry('2026-03-20T17:00:00Z', 'closed', 'P4'),
  ]),
  // A team going the wrong way: one more open bug each of the last two weeks.
  bug('BUG-7', [entry('2026-03-20T10:00:00Z', 'open', 'P3', C)]),
  bug('BUG-8', [entry('2026-03-27T10:00:00Z', 'open', 'P3', C)]),
];

export const incident = (
  externalId: string,
  severity: NormalisedIncident['severity'],
  startedAt: string,
  resolvedAt?: string,
): NormalisedIncident => ({
  externalId,
  entityRef: A,
  title: externalId,
  severity,
  startedAt: at(startedAt),
  resolvedAt: resolvedAt ? at(resolvedAt) : undefined,
});

export const INCIDENTS: NormalisedIncident[] = [
  // Across the DST change: 01:30 CET to 04:30 CEST is 2 hours, though the wall clock moved 3.
  {
    ...incident('INC-1', 'P1', 'x'),
    startedAt: DateTime.fromISO('2026-03-29T01:30', {
      zone: 'Europe/Berlin',
    }).toJSDate(),
    resolvedAt: DateTime.fromISO('2026-03-29T04:30', {
      zone: 'Europe/Berlin',
    }).toJSDate(),
  },
  incident('INC-2', 'P0', '2026-03-10T10:00:00Z', '2026-03-10T10:45:00Z'),
  incident('INC-3', 'P2', '2026-03-15T00:00:00Z', '2026-03-15T06:00:00Z'),
  // Still open: no time to restore yet.
  incident('INC-4', 'P1', '2026-03-30T10:00:00Z'),
  // Resolved before the window.
  incident('INC-5', 'P1', '2026-02-20T10:00:00Z', '2026-02-20T11:00:00Z'),
];

export async function loadGoldenHistory(knex: Knex) {
  await knex.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
  const jira = new QualityItemStore(knex, 'jira');
  const pagerduty = new QualityItemStore(knex, 'pagerduty');
  await jira.upsertBugs(BUGS);
  await pagerduty.upsertIncidents(INCIDENTS);
  await pagerduty.upsertPostmortems([
    {
      externalId: 'PM-1',
      entityRef: A,
      title: 'INC-1',
      url: 'https://pm/1',
      complete: true,
      subjects: [{ kind: 'incident', externalId: 'INC-1' }],
    },
    // Assessed incomplete: does not cover BUG-3.
    {
      externalId: 'PM-2',
      entityRef: A,
      title: 'BUG-3',
      url: 'https://pm/2',
      complete: false,
      subjects: [{ kind: 'bug', externalId: 'BUG-3', source: 'jira' }],
    },
    // Not assessed yet: covers INC-2.
    {
      externalId: 'PM-3',
      entityRef: A,
      title: 'INC-2',
      url: 'https://pm/3',
      subjects: [{ kind: 'incident', externalId: 'INC-2' }],
    },
  ]);
  // 12 deployments in the window, 3 of them remediation; one remediation before the window.
  await new QualityItemStore(knex, 'github').upsertDeployments([
    ...Array.from({ length: 12 }, (_, i) => ({
      externalId: `deploy-${i}`,
      entityRef: A,
      deployedAt: new Date(Date.parse('2026-03-02T09:00:00Z') + i * 2 * DAY),
      remediation: i % 4 === 0,
    })),
    {
      externalId: 'deploy-old',
      entityRef: A,
      deployedAt: at('2026-02-01T09:00:00Z'),
      remediation: true,
    },
  ]);
}

/** Open bugs of payments-api at the end of each day of March, worked out from the history above. */
export const PAYMENTS_MARCH_TOTALS = [
  1, // 03-01: BUG-5 (P1)
  2, // 03-02: + BUG-1 (P2)
  2, // 03-03: BUG-4 opens on the ledger, not here
  1, // 03-04: BUG-1 fixed
  2, // 03-05: + BUG-2 (unclassified)
  3, // 03-06: + BUG-3 (P3)
  3, // 03-07: BUG-3 becomes P1: same count, other severity
  4, // 03-08: BUG-4 moves here (P2)
  3, // 03-09: BUG-3 fixed
  4, // 03-10: BUG-1 reopened
  4, // 03-11
  3, // 03-12: BUG-1 fixed again
  ...Array(19).fill(3), // 03-13 … 03-31: BUG-6 opens and closes on 03-20, never open at a day's end
];
