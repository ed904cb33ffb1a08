import {
  INITIATIVE_METRICS,
  InitiativeFigure,
} from '../metrics/initiativeFigures';
import { InitiativeDefinition } from './definitions';

export type { InitiativeFigure };

export type InitiativeState =
  | 'not-started'
  | 'on-track'
  | 'behind'
  | 'reached'
  | 'too-little-data';

export interface InitiativeProgress {
  baseline: InitiativeFigure;
  current: InitiativeFigure;
  /** The value to reach by the deadline; null without a baseline to be relative to. */
  target: number | null;
  /** Where the straight line from baseline to target stands at this time. */
  expected: number | null;
  state: InitiativeState;
}

/** Floating-point sums of exact counts may differ in the last bit. */
const TOLERANCE = 1e-9;

/** The target value: absolute, or the baseline changed by the relative target. */
export function targetValue(
  definition: InitiativeDefinition,
  baseline: InitiativeFigure,
): number | null {
  const { target } = definition;
  if (target.kind === 'absolute') return target.value;
  return baseline.value === null ? null : baseline.value * (1 + target.change);
}

/**
 * The trajectory at `at`: a straight line from the baseline at the start to
 * the target at the deadline, flat after it.
 */
export function expectedValue(
  definition: InitiativeDefinition,
  baseline: number,
  target: number,
  at: number,
): number {
  const span = definition.deadline - definition.start;
  const elapsed = Math.min(Math.max(at - definition.start, 0), span);
  return baseline + ((target - baseline) * elapsed) / span;
}

/**
 * Progress at `at`: reached when the value is at the target or better, on
 * track when it is at the trajectory or better, behind otherwise; too little
 * data when the baseline or the value rests on fewer than ten items.
 */
export function progressAt(
  definition: InitiativeDefinition,
  baseline: InitiativeFigure,
  current: InitiativeFigure,
  at: number,
): InitiativeProgress {
  const target = targetValue(definition, baseline);
  const expected =
    target === null || baseline.value === null
      ? null
      : expectedValue(definition, baseline.value, target, at);
  const lowerIsBetter =
    INITIATIVE_METRICS[definition.metric].better === 'lower';
  const atOrBetter = (value: number, mark: number) =>
    lowerIsBetter ? value <= mark + TOLERANCE : value >= mark - TOLERANCE;
  let state: InitiativeState;
  if (at < definition.start) {
    state = 'not-started';
  } else if (
    target === null ||
    expected === null ||
    current.value === null ||
    baseline.lowConfidence ||
    current.lowConfidence
  ) {
    state = 'too-little-data';
  } else if (atOrBetter(current.value, target)) {
    state = 'reached';
  } else if (atOrBetter(current.value, expected)) {
    state = 'on-track';
  } else {
    state = 'behind';
  }
  return { baseline, current, target, expected, state };
}
