import {
  InitiativeFigure,
  InitiativeNode,
  InitiativeProgress,
  QualityInitiative,
} from '@quality-pulse/plugin-quality-common';

const share = (numerator: number, denominator: number): InitiativeFigure => ({
  value: denominator === 0 ? null : numerator / denominator,
  numerator,
  denominator,
  lowConfidence: denominator < 10,
});

const progress = (
  baseline: InitiativeFigure,
  current: InitiativeFigure,
  expected: number | null,
  state: InitiativeProgress['state'],
): InitiativeProgress => ({
  baseline,
  current,
  target: baseline.value === null ? null : baseline.value / 2,
  expected,
  state,
});

const node = (
  name: string,
  title: string,
  type: string,
  p: InitiativeProgress,
  children: InitiativeNode[] = [],
): InitiativeNode => ({
  groupRef: `group:default/${name}`,
  title,
  type,
  progress: p,
  children,
});

/**
 * "Halve escaped defects" over the org, 150 days into 240: the org from 30 %
 * (30 of 100) to 20 % (20 of 100) against a trajectory at 20.6 %: commerce on
 * track (its checkout squad at the target), platform behind, one platform
 * squad with too few bugs to rate.
 */
export function initiativesFixture(): QualityInitiative[] {
  return [
    {
      id: 'halve-escapes',
      title: 'Halve escaped defects',
      why: 'Escapes cost our customers most; we find them before release.',
      metric: 'escaped-defect-rate',
      better: 'lower',
      unit: 'ratio',
      sponsorRef: 'group:default/acme',
      scopeRef: 'group:default/acme',
      start: '2026-07-10',
      deadline: '2027-03-06',
      windowDays: 30,
      target: { kind: 'relative', change: -0.5 },
      pointsOf: 'group:default/acme',
      points: [
        { at: '2026-07-10T00:00:00.000Z', ...share(30, 100), expected: 0.3 },
        {
          at: '2026-08-09T00:00:00.000Z',
          ...share(28, 100),
          expected: 0.28125,
        },
        { at: '2026-09-08T00:00:00.000Z', ...share(25, 100), expected: 0.2625 },
        {
          at: '2026-10-08T00:00:00.000Z',
          ...share(24, 100),
          expected: 0.24375,
        },
        { at: '2026-11-07T00:00:00.000Z', ...share(21, 100), expected: 0.225 },
        {
          at: '2026-12-07T00:00:00.000Z',
          ...share(20, 100),
          expected: 0.20625,
        },
      ],
      scope: node(
        'acme',
        'ACME',
        'organization',
        progress(share(30, 100), share(20, 100), 0.20625, 'on-track'),
        [
          node(
            'commerce',
            'Commerce',
            'department',
            progress(share(18, 50), share(10, 50), 0.2475, 'on-track'),
            [
              node(
                'checkout-squad',
                'Checkout',
                'team',
                progress(share(9, 25), share(4, 25), 0.2475, 'reached'),
              ),
            ],
          ),
          node(
            'platform',
            'Platform',
            'department',
            progress(share(12, 50), share(10, 50), 0.165, 'behind'),
            [
              node(
                'infra-squad',
                'Infrastructure',
                'team',
                progress(share(2, 6), share(1, 5), 0.2292, 'too-little-data'),
              ),
            ],
          ),
        ],
      ),
    },
  ];
}
