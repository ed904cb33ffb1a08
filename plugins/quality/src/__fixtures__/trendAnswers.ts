import { MonthlyPoint } from '@quality-pulse/plugin-quality-common';

const HOUR_MS = 60 * 60 * 1000;

function ratio(numerator: number, denominator: number) {
  return {
    numerator,
    denominator,
    rate: denominator === 0 ? null : numerator / denominator,
    lowConfidence: denominator < 10,
  };
}

/**
 * Twelve months, January to December 2026: the escaped defect rate falls from
 * 6 of 25 to 2 of 22 new bugs, June had only 8 new bugs (low confidence),
 * August no P0/P1 incident, and open bugs fall from 40 to 18.
 */
export function trendsFixture(): MonthlyPoint[] {
  const escaped = [6, 6, 5, 5, 4, 2, 4, 3, 3, 3, 2, 2];
  const created = [25, 24, 26, 22, 21, 8, 24, 23, 25, 22, 21, 22];
  const remediations = [5, 4, 4, 4, 3, 2, 3, 3, 2, 2, 2, 1];
  const mttrHours = [9, 8, 8, 7, 6, 6, 5, null, 4, 4, 3, 3];
  const open = [40, 38, 37, 35, 33, 31, 29, 27, 24, 22, 20, 18];
  return escaped.map((n, i) => ({
    month: `2026-${String(i + 1).padStart(2, '0')}`,
    escapedDefectRate: ratio(n, created[i]),
    reworkRate: ratio(remediations[i], 20),
    rootCauseCoverage: { ...ratio(i < 6 ? 2 : 4, 5), linkedNotAssessed: 0 },
    mttrCritical:
      mttrHours[i] === null
        ? { count: 0, medianMs: null, p90Ms: null, meanMs: null }
        : {
            count: 3,
            medianMs: mttrHours[i]! * HOUR_MS,
            p90Ms: mttrHours[i]! * 2 * HOUR_MS,
            meanMs: mttrHours[i]! * 1.2 * HOUR_MS,
          },
    openBugsAtMonthEnd: open[i],
  }));
}
