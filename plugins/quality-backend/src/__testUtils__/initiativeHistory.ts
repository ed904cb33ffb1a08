import { ConfigReader } from '@backstage/config';
import { NormalisedBug } from '@quality-pulse/plugin-quality-node';
import { InitiativeNode } from '../initiatives/initiativeReport';
import { testComponent, testGroup } from './catalogEntities';

/*
 * The history of the initiative golden tests. Hand-computed: now is 2026-06-30 12:00 UTC; the initiatives started on
 * 2026-05-01 (60.5 days before now) and end with 2026-07-30 (the deadline is
 * 2026-07-31 00:00, 91 days after the start). Values read the 30 days up to
 * them: the baseline 2026-04-01 … 2026-05-01, now 2026-05-31 12:00 … now.
 */
export const NOW = Date.parse('2026-06-30T12:00:00Z');
export const START = Date.parse('2026-05-01T00:00:00Z');
export const DEADLINE = Date.parse('2026-07-31T00:00:00Z');
export const ELAPSED = (NOW - START) / (DEADLINE - START); // 60.5 / 91

export const ref = (name: string) => `component:default/${name}`;
export const groups = [
  testGroup('acme', { type: 'organization' }),
  testGroup('commerce', { type: 'department', parent: 'acme' }),
  testGroup('payments-squad', { parent: 'commerce' }),
  testGroup('checkout-squad', { parent: 'commerce' }),
  testGroup('search-squad', { parent: 'commerce' }),
  testGroup('platform', { type: 'department', parent: 'acme' }),
  testGroup('infra-squad', { parent: 'platform' }),
];
export const components = [
  testComponent('payments-api', { owner: 'payments-squad' }),
  testComponent('checkout-web', { owner: 'checkout-squad' }),
  testComponent('search-api', { owner: 'search-squad' }),
  testComponent('infra-api', { owner: 'infra-squad' }),
];

/** `count` bugs created at `at`, the first `escaped` of them escaped. */
export function created(
  prefix: string,
  entity: string,
  at: number,
  count: number,
  escaped: number,
): NormalisedBug[] {
  return Array.from({ length: count }, (_, i) => ({
    externalId: `${prefix}-${i}`,
    title: `${prefix}-${i}`,
    escaped: i < escaped,
    history: [
      {
        at: new Date(at),
        status: 'open',
        severity: 'P3',
        entityRef: ref(entity),
      },
      {
        at: new Date(at + 60_000),
        status: 'closed',
        severity: 'P3',
        entityRef: ref(entity),
      },
    ],
  }));
}

export const baselineDay = Date.parse('2026-04-15T10:00:00Z');
export const recentDay = Date.parse('2026-06-20T10:00:00Z');
export const BUGS: NormalisedBug[] = [
  // payments: 4 of 10 escaped before the start, 2 of 10 lately.
  ...created('PAY-OLD', 'payments-api', baselineDay, 10, 4),
  ...created('PAY-NEW', 'payments-api', recentDay, 10, 2),
  // checkout: 3 of 10, then 3 of 10.
  ...created('CHK-OLD', 'checkout-web', baselineDay, 10, 3),
  ...created('CHK-NEW', 'checkout-web', recentDay, 10, 3),
  // search: too few to rate (3, then 2).
  ...created('SRC-OLD', 'search-api', baselineDay, 3, 1),
  ...created('SRC-NEW', 'search-api', recentDay, 2, 0),
  // Aged P0/P1 (the default limit, 7 days), of the platform's one service:
  // X: P1 from 04-21, open until 06-10 — aged at the start (10 days), not now.
  {
    externalId: 'AGED-X',
    title: 'X',
    escaped: false,
    history: [
      {
        at: new Date('2026-04-21T00:00:00Z'),
        status: 'open',
        severity: 'P1',
        entityRef: ref('infra-api'),
      },
      {
        at: new Date('2026-06-10T00:00:00Z'),
        status: 'closed',
        severity: 'P1',
        entityRef: ref('infra-api'),
      },
    ],
  },
  // Y: P0 from 04-28, still open — 3 days old at the start, aged now.
  {
    externalId: 'AGED-Y',
    title: 'Y',
    escaped: false,
    history: [
      {
        at: new Date('2026-04-28T00:00:00Z'),
        status: 'open',
        severity: 'P0',
        entityRef: ref('infra-api'),
      },
    ],
  },
  // Z: P1 from 04-01, lowered to P2 on 04-26 — not critical at the start.
  {
    externalId: 'AGED-Z',
    title: 'Z',
    escaped: false,
    history: [
      {
        at: new Date('2026-04-01T00:00:00Z'),
        status: 'open',
        severity: 'P1',
        entityRef: ref('infra-api'),
      },
      {
        at: new Date('2026-04-26T00:00:00Z'),
        status: 'open',
        severity: 'P2',
        entityRef: ref('infra-api'),
      },
    ],
  },
  // V: P1 from 04-10, closed 04-30 and reopened 06-01 — not open at the start, aged now.
  {
    externalId: 'AGED-V',
    title: 'V',
    escaped: false,
    history: [
      {
        at: new Date('2026-04-10T00:00:00Z'),
        status: 'open',
        severity: 'P1',
        entityRef: ref('infra-api'),
      },
      {
        at: new Date('2026-04-30T00:00:00Z'),
        status: 'closed',
        severity: 'P1',
        entityRef: ref('infra-api'),
      },
      {
        at: new Date('2026-06-01T00:00:00Z'),
        status: 'open',
        severity: 'P1',
        entityRef: ref('infra-api'),
      },
    ],
  },
];

export const CONFIG = new ConfigReader({
  quality: {
    initiatives: [
      {
        id: 'halve-escapes',
        title: 'Halve escaped defects',
        why: 'Escapes cost our customers most.',
        metric: 'escaped-defect-rate',
        sponsor: 'group:default/acme',
        scope: 'commerce',
        start: '2026-05-01',
        deadline: '2026-07-30',
        target: '-50%',
      },
      {
        id: 'no-rotting-criticals',
        title: 'No P0/P1 rots',
        why: 'Critical bugs get fixed within a week.',
        metric: 'aged-critical-bugs',
        sponsor: 'platform',
        start: '2026-05-01',
        deadline: '2026-07-30',
        target: 0,
      },
    ],
  },
});

export function node(root: InitiativeNode, groupRef: string): InitiativeNode {
  const found = [root, ...root.children.flatMap(c => [c, ...c.children])].find(
    n => n.groupRef === groupRef,
  );
  if (!found) throw new Error(`${groupRef} is not in the tree`);
  return found;
}
