import { ceilingsFor, DEFAULT_CEILINGS, evaluateBudget } from './qualityBudget';

describe('quality budget', () => {
  it('takes ceilings from annotations, and ignores values that are not whole numbers', () => {
    expect(
      ceilingsFor(
        {
          'quality.backstage.io/budget-max-open-p2': '30',
          'quality.backstage.io/budget-critical-max-age-days': 'soon',
        },
        DEFAULT_CEILINGS,
      ),
    ).toEqual({
      ceilings: { maxOpenP2: 30, maxAgedCritical: 0, criticalMaxAgeDays: 7 },
      overrides: ['maxOpenP2'],
    });
    expect(ceilingsFor({}, DEFAULT_CEILINGS)).toEqual({
      ceilings: DEFAULT_CEILINGS,
      overrides: [],
    });
  });

  it.each([
    // 15 of 20 P2 is 75 %: within. 16 is 80 %: at risk. 20 is at the ceiling: at risk. 21 breaches.
    [15, [], 'within'],
    [16, [], 'at-risk'],
    [20, [], 'at-risk'],
    [21, [], 'breached'],
    // A P0/P1 bug open 5 d 13 h (133 h) is under 80 % of 7 days (134.4 h): within.
    [0, [{ hours: 133, count: 1 }], 'within'],
    // 135 h is past 80 % of the age limit: at risk. 168 h (7 days) is aged: breached.
    [0, [{ hours: 135, count: 1 }], 'at-risk'],
    [0, [{ hours: 168, count: 1 }], 'breached'],
  ] as const)('%i open P2 and P0/P1 ages %j are %s', (openP2, ages, state) => {
    expect(
      evaluateBudget({ openP2, criticalAgeHours: [...ages] }, DEFAULT_CEILINGS)
        .state,
    ).toBe(state);
  });

  it('reports what is used against each ceiling', () => {
    const budget = evaluateBudget(
      {
        openP2: 3,
        criticalAgeHours: [
          { hours: 200, count: 2 },
          { hours: 150, count: 1 },
          { hours: 2, count: 4 },
        ],
      },
      { maxOpenP2: 20, maxAgedCritical: 2, criticalMaxAgeDays: 7 },
      ['maxAgedCritical'],
    );
    // Two aged (≥ 168 h) against a ceiling of 2: not exceeded; three at ≥ 134.4 h: at risk.
    expect(budget).toEqual({
      state: 'at-risk',
      ceilings: { maxOpenP2: 20, maxAgedCritical: 2, criticalMaxAgeDays: 7 },
      overrides: ['maxAgedCritical'],
      openP2: { used: 3, ceiling: 20 },
      agedCritical: { used: 2, ceiling: 2, nearlyAged: 3 },
    });
  });
});
