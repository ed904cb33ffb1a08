import { Knex } from 'knex';
import { Severity, SEVERITIES } from '@quality-pulse/plugin-quality-common';
import { toNumber } from '../database/normalise';
import { windowDays } from './burnDown';
import {
  ESCAPED_BUGS,
  flagRatioQuery,
  REMEDIATION_DEPLOYMENTS,
} from './ratios';
import { TimeWindow } from './window';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Counts per entity that add up exactly across a squad or a department:
 * open bugs, ratio numerators and denominators, open P0/P1 bugs by age and
 * the five weekly burn-down points. The org views compute them with a few
 * grouped queries for all entities at once and sum them up the tree.
 */
export interface EntityCounts {
  open: Record<Severity, number>;
  escaped: { numerator: number; denominator: number };
  rework: { numerator: number; denominator: number };
  /** Open P0/P1 bugs by whole hours since first reported. */
  criticalAgeHours: Array<{ hours: number; count: number }>;
  /** Open bugs at the five weekly trend points, oldest first. */
  weekly: number[];
}

export function emptyCounts(): EntityCounts {
  return {
    open: Object.fromEntries(SEVERITIES.map(s => [s, 0])) as Record<
      Severity,
      number
    >,
    escaped: { numerator: 0, denominator: 0 },
    rework: { numerator: 0, denominator: 0 },
    criticalAgeHours: [],
    weekly: [0, 0, 0, 0, 0],
  };
}

export function addCounts(
  into: EntityCounts,
  other: EntityCounts,
): EntityCounts {
  SEVERITIES.forEach(s => (into.open[s] += other.open[s]));
  into.escaped.numerator += other.escaped.numerator;
  into.escaped.denominator += other.escaped.denominator;
  into.rework.numerator += other.rework.numerator;
  into.rework.denominator += other.rework.denominator;
  into.criticalAgeHours.push(...other.criticalAgeHours);
  other.weekly.forEach((n, i) => (into.weekly[i] += n));
  return into;
}

export async function entityRollups(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
  now: number,
): Promise<Map<string, EntityCounts>> {
  const result = new Map<string, EntityCounts>(
    entityRefs.map(ref => [ref, emptyCounts()]),
  );
  if (entityRefs.length === 0) {
    return result;
  }
  const { lastDay } = windowDays(window);
  const weekDays = [28, 21, 14, 7, 0].map(offset => lastDay - offset);

  const [open, escaped, rework, ages, weekly] = await Promise.all([
    db('quality_bugs')
      .whereIn('entity_ref', entityRefs)
      .where('status', 'open')
      .groupBy('entity_ref', 'severity')
      .select('entity_ref', 'severity', db.raw('COUNT(*) AS n')),
    flagRatioQuery(db, ESCAPED_BUGS, entityRefs, window)
      .select('entity_ref')
      .groupBy('entity_ref'),
    flagRatioQuery(db, REMEDIATION_DEPLOYMENTS, entityRefs, window)
      .select('entity_ref')
      .groupBy('entity_ref'),
    db
      .from(
        db('quality_bugs')
          .whereIn('entity_ref', entityRefs)
          .where('status', 'open')
          .whereIn('severity', ['P0', 'P1'])
          .select(
            'entity_ref',
            db.raw('(? - created_at) / ? AS age_hours', [now, HOUR_MS]),
          )
          .as('open_critical'),
      )
      .groupBy('entity_ref', 'age_hours')
      .select('entity_ref', 'age_hours', db.raw('COUNT(*) AS n')),
    db('quality_bug_daily_deltas')
      .whereIn('entity_ref', entityRefs)
      .where('day', '<=', lastDay)
      .groupBy('entity_ref')
      .select(
        'entity_ref',
        ...weekDays.map((day, i) =>
          db.raw(`SUM(CASE WHEN day <= ? THEN delta ELSE 0 END) AS w${i}`, [
            day,
          ]),
        ),
      ),
  ]);

  const counts = (ref: string) => result.get(ref)!;
  for (const row of open) {
    counts(row.entity_ref).open[row.severity as Severity] = toNumber(row.n);
  }
  for (const row of escaped) {
    counts(row.entity_ref).escaped = {
      numerator: toNumber(row.numerator),
      denominator: toNumber(row.denominator),
    };
  }
  for (const row of rework) {
    counts(row.entity_ref).rework = {
      numerator: toNumber(row.numerator),
      denominator: toNumber(row.denominator),
    };
  }
  for (const row of ages) {
    counts(row.entity_ref).criticalAgeHours.push({
      hours: toNumber(row.age_hours),
      count: toNumber(row.n),
    });
  }
  for (const row of weekly) {
    counts(row.entity_ref).weekly = [0, 1, 2, 3, 4].map(i =>
      toNumber(row[`w${i}`]),
    );
  }
  return result;
}
