import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_CHECKS,
  DEFAULT_LEVELS,
  readScorecardPolicy,
} from './definitions';

const policyFrom = (scorecards: object) =>
  readScorecardPolicy(new ConfigReader({ quality: { scorecards } }));

describe('readScorecardPolicy', () => {
  it('ships the default levels and twelve checks when nothing is configured', () => {
    const policy = readScorecardPolicy(new ConfigReader({}));
    expect(policy.levels).toEqual(DEFAULT_LEVELS);
    expect(policy.checks.map(c => c.id)).toEqual([
      'data-source-configured',
      'no-aged-critical-bugs',
      'budget-not-breached',
      'escaped-defect-rate',
      'postmortems-on-time',
      'burn-down-not-rising',
      'mttr-critical',
      'rework-rate',
      'root-cause-coverage',
      'time-to-postmortem',
      'learning-loop-closed',
      'budget-headroom',
    ]);
  });

  it('changes only the given fields of a default check, removes disabled ones and adds new ones', () => {
    const policy = policyFrom({
      checks: [
        {
          id: 'escaped-defect-rate',
          threshold: 0.1,
          title: 'Escaped at most 10 %',
        },
        { id: 'budget-headroom', enabled: false },
        {
          id: 'no-open-p0',
          title: 'No open P0 or P1 bug',
          metric: 'openCriticalBugs',
          operator: '==',
          threshold: 0,
          severity: 'warning',
          level: 'bronze',
          filter: { type: ['Service'] },
        },
      ],
    });
    const escaped = policy.checks.find(c => c.id === 'escaped-defect-rate')!;
    const original = DEFAULT_CHECKS.find(c => c.id === 'escaped-defect-rate')!;
    expect(escaped).toEqual({
      ...original,
      threshold: 0.1,
      title: 'Escaped at most 10 %',
      filter: undefined,
    });
    expect(policy.checks.some(c => c.id === 'budget-headroom')).toBe(false);
    expect(policy.checks.find(c => c.id === 'no-open-p0')).toMatchObject({
      severity: 'warning',
      filter: { type: ['service'] },
    });
  });

  it('accepts custom levels', () => {
    const policy = policyFrom({
      levels: [{ id: 'basic', title: 'Basic' }, { id: 'exemplary' }],
      checks: DEFAULT_CHECKS.map(c => ({
        id: c.id,
        level: c.level === 'bronze' ? 'basic' : 'exemplary',
      })),
    });
    expect(policy.levels).toEqual([
      { id: 'basic', title: 'Basic' },
      { id: 'exemplary', title: 'exemplary' },
    ]);
    expect(new Set(policy.checks.map(c => c.level))).toEqual(
      new Set(['basic', 'exemplary']),
    );
  });

  it.each([
    [
      {
        checks: [
          {
            id: 'x',
            metric: 'bugsPerPerson',
            operator: '<',
            threshold: 1,
            severity: 'error',
            level: 'gold',
          },
        ],
      },
      /checks\[0\]\.metric must be one of/,
    ],
    [
      { checks: [{ id: 'escaped-defect-rate', operator: '=<' }] },
      /checks\[0\]\.operator must be one of < <= > >= == !=; got "=<"/,
    ],
    [
      { checks: [{ id: 'budget-not-breached', threshold: 'red' }] },
      /checks\[0\]\.threshold must be one of within, at-risk, breached/,
    ],
    [
      { checks: [{ id: 'rework-rate', threshold: -1 }] },
      /checks\[0\]\.threshold must be a number of at least 0/,
    ],
    [
      { checks: [{ id: 'rework-rate', level: 'platinum' }] },
      /checks\[0\]\.level must be one of bronze, silver, gold; got "platinum"/,
    ],
    [
      { checks: [{ id: 'rework-rate', severity: 'fatal' }] },
      /checks\[0\]\.severity must be error or warning/,
    ],
    [
      { checks: [{ id: 'Has Spaces' }] },
      /checks\[0\]\.id must be lower-case letters/,
    ],
    [
      {
        checks: [
          {
            id: 'new-check',
            metric: 'reworkRate',
            operator: '<',
            severity: 'error',
            level: 'gold',
          },
        ],
      },
      /checks\[0\]\.threshold is required/,
    ],
    [
      { levels: [{ id: 'only' }] },
      /belongs to the level "bronze", which quality.scorecards.levels does not define/,
    ],
    [
      { checks: [{ id: 'rework-rate', filter: { tag: [] } }] },
      /checks\[0\]\.filter\.tag must not be empty/,
    ],
  ])('rejects %j naming the key', (scorecards, message) => {
    expect(() => policyFrom(scorecards)).toThrow(message);
  });
});
