import { InitiativeDefinition } from './definitions';
import { InitiativeFigure, progressAt, targetValue } from './progress';

const DAY = 24 * 60 * 60 * 1000;
const START = Date.UTC(2026, 0, 1);

const initiative = (
  overrides: Partial<InitiativeDefinition> = {},
): InitiativeDefinition => ({
  id: 'faster-restores',
  title: 'Restore P0/P1 within two hours',
  why: 'Customers feel every minute.',
  metric: 'mttr-critical',
  sponsorRef: 'group:default/acme',
  start: START,
  deadline: START + 100 * DAY,
  target: { kind: 'absolute', value: 2 },
  windowDays: 30,
  ...overrides,
});
const figure = (value: number | null, denominator = 20): InitiativeFigure => ({
  value,
  numerator: null,
  denominator,
  lowConfidence: denominator < 10,
});

describe('initiative progress', () => {
  it('draws a straight line from baseline to target and says where the value stands', () => {
    // MTTR 6 h → 2 h over 100 days; on day 25 the line is at 6 − 4 × 0.25 = 5 h.
    const day25 = START + 25 * DAY;
    expect(progressAt(initiative(), figure(6), figure(5), day25)).toEqual({
      baseline: figure(6),
      current: figure(5),
      target: 2,
      expected: 5,
      state: 'on-track',
    });
    expect(progressAt(initiative(), figure(6), figure(5.5), day25).state).toBe(
      'behind',
    );
    expect(progressAt(initiative(), figure(6), figure(2), day25).state).toBe(
      'reached',
    );
  });

  it('reads "higher is better" for the shares of work done', () => {
    // Root-cause coverage 40 % → +50 % of it = 60 %; on day 50 the line is at 50 %.
    const coverage = initiative({
      metric: 'root-cause-coverage',
      target: { kind: 'relative', change: 0.5 },
    });
    const day50 = START + 50 * DAY;
    const progress = progressAt(coverage, figure(0.4), figure(0.55), day50);
    expect(progress.target).toBeCloseTo(0.6, 12);
    expect(progress.expected).toBeCloseTo(0.5, 12);
    expect(progress.state).toBe('on-track');
    expect(progressAt(coverage, figure(0.4), figure(0.45), day50).state).toBe(
      'behind',
    );
  });

  it('holds the target after the deadline, and waits before the start', () => {
    const late = START + 400 * DAY;
    const after = progressAt(initiative(), figure(6), figure(2.5), late);
    expect(after.expected).toBe(2);
    expect(after.state).toBe('behind');
    expect(
      progressAt(initiative(), figure(6), figure(6), START - DAY).state,
    ).toBe('not-started');
  });

  it('says too little data rather than judge a handful of incidents', () => {
    const day10 = START + 10 * DAY;
    expect(progressAt(initiative(), figure(6, 4), figure(1), day10).state).toBe(
      'too-little-data',
    );
    expect(progressAt(initiative(), figure(6), figure(1, 9), day10).state).toBe(
      'too-little-data',
    );
    const relative = initiative({ target: { kind: 'relative', change: -0.5 } });
    expect(targetValue(relative, figure(null, 0))).toBeNull();
    expect(
      progressAt(relative, figure(null, 0), figure(3), day10),
    ).toMatchObject({ target: null, expected: null, state: 'too-little-data' });
  });
});
