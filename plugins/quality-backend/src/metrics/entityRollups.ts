import { Knex } from 'knex';
import { Severity, SEVERITIES } from '@quality-pulse/plugin-quality-common';
import { toNumber } from '../database/normalise';
import { lastDays } from './calendarDays';
import {
  ESCAPED_BUGS,
  flagRatioQuery,
  REMEDIATION_DEPLOYMENTS,
} from './ratios';
import { TimeWindow } from './window';

const MINUTE_MS = 60 * 1000;

/**
 * Above this many entities (the org views), the grouped queries read every
 * entity's rows and keep the wanted ones here: a list of thousands of bound
 * entity refs costs PostgreSQL more to plan and probe than the rows it saves.
 */
const WHOLE_TABLE_ABOVE = 1000;

/**
 * Counts per entity that add up exactly across a squad or a department:
 * open bugs, ratio numerators and denominators, open P0/P1 bugs by age and
 * the five weekly burn-down points. The org views compute them with a few
 * grouped queries for all entities at once, over rollups kept on write
 * (open counts, days, the burn-down's deltas of the last four weeks), and
 * sum them up the tree: the cost follows the org and the window, not the
 * number of bugs ever stored.
 */
export interface EntityCounts {
  open: Record<Severity, number>;
  escaped: { numerator: number; denominator: number };
  rework: { numerator: number; denominator: number };
  /** Open P0/P1 bugs by whole minutes since first reported. */
  criticalAgeMinutes: Array<{ minutes: number; count: number }>;
  /** Open bugs at the five weekly trend points, oldest first. */
  weekly: number[];
}

/** The counts that read bugs alone: what a squad summary shows per service and budgets on. */
export type BugCounts = Omit<EntityCounts, 'rework'>;

export function emptyBugCounts(): BugCounts {
  return {
    open: Object.fromEntries(SEVERITIES.map(s => [s, 0])) as Record<
      Severity,
      number
    >,
    escaped: { numerator: 0, denominator: 0 },
    criticalAgeMinutes: [],
    weekly: [0, 0, 0, 0, 0],
  };
}

export function emptyCounts(): EntityCounts {
  return { ...emptyBugCounts(), rework: { numerator: 0, denominator: 0 } };
}

export function addBugCounts<T extends BugCounts>(
  into: T,
  other: BugCounts,
): T {
  SEVERITIES.forEach(s => (into.open[s] += other.open[s]));
  into.escaped.numerator += other.escaped.numerator;
  into.escaped.denominator += other.escaped.denominator;
  into.criticalAgeMinutes.push(...other.criticalAgeMinutes);
  other.weekly.forEach((n, i) => (into.weekly[i] += n));
  return into;
}

export function addCounts(
  into: EntityCounts,
  other: EntityCounts,
): EntityCounts {
  addBugCounts(into, other);
  into.rework.numerator += other.rework.numerator;
  into.rework.denominator += other.rework.denominator;
  return into;
}

export async function entityRollups(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
  now: number,
): Promise<Map<string, EntityCounts>> {
  const [bugs, rework] = await Promise.all([
    bugRollups(db, entityRefs, window, now),
    entityRefs.length === 0
      ? []
      : flagRatioQuery(db, REMEDIATION_DEPLOYMENTS, scopeOf(entityRefs), window)
          .select('entity_ref')
          .groupBy('entity_ref'),
  ]);
  const result = new Map<string, EntityCounts>(
    [...bugs].map(([ref, counts]) => [
      ref,
      { ...counts, rework: { numerator: 0, denominator: 0 } },
    ]),
  );
  for (const row of rework) {
    const counts = result.get(row.entity_ref);
    if (counts) {
      counts.rework = {
        numerator: toNumber(row.numerator),
        denominator: toNumber(row.denominator),
      };
    }
  }
  return result;
}

/** The entities bound in a query, or all of them (see WHOLE_TABLE_ABOVE). */
function scopeOf(entityRefs: string[]): string[] | 'all' {
  return entityRefs.length > WHOLE_TABLE_ABOVE ? 'all' : entityRefs;
}

/** Each entity's counts that read bugs alone (no deployment): open, escaped, P0/P1 ages, weekly points. */
export async function bugRollups(
  db: Knex,
  entityRefs: string[],
  window: TimeWindow,
  now: number,
): Promise<Map<string, BugCounts>> {
  const result = new Map<string, BugCounts>(
    entityRefs.map(ref => [ref, emptyBugCounts()]),
  );
  if (entityRefs.length === 0) {
    return result;
  }
  // The ends of the days of the five weekly trend points (see burnDownTrend).
  const days = lastDays(window, 29);
  const weekEnds = [1, 8, 15, 22, 29].map(i => days.starts[i]);

  const scope = scopeOf(entityRefs);
  const of = (query: Knex.QueryBuilder) =>
    scope === 'all' ? query : query.whereIn('entity_ref', scope);
  const [open, escaped, ages, weekly] = await Promise.all([
    of(db('quality_bug_open_counts')).select(
      'entity_ref',
      'severity',
      'open AS n',
    ),
    flagRatioQuery(db, ESCAPED_BUGS, scope, window)
      .select('entity_ref')
      .groupBy('entity_ref'),
    db
      .from(
        of(db('quality_bugs'))
          // Literals, as the partial index of open P0/P1 bugs is written.
          .whereRaw("status = 'open' AND severity IN ('P0', 'P1')")
          .select(
            'entity_ref',
            // Whole minutes on both databases: better-sqlite3 binds `now` as
            // REAL, which would make a fractional age (issue 18).
            db.raw(
              `CAST((? - created_at) / ${MINUTE_MS} AS BIGINT) AS age_minutes`,
              [Math.trunc(now)],
            ),
          )
          .as('open_critical'),
      )
      .groupBy('entity_ref', 'age_minutes')
      .select('entity_ref', 'age_minutes', db.raw('COUNT(*) AS n')),
    // Open at a point = open now − what opened since (net): only the last
    // four weeks of deltas are read, however long the history.
    of(db('quality_bug_open_deltas'))
      .where('quarter', '>=', weekEnds[0])
      .groupBy('entity_ref')
      .select(
        'entity_ref',
        // Integer literals, not bindings: see dayIndexSql.
        ...weekEnds.map((end, i) =>
          db.raw(
            `SUM(CASE WHEN quarter >= ${Math.trunc(
              end,
            )} THEN delta ELSE 0 END) AS since${i}`,
          ),
        ),
      ),
  ]);

  // Rows of entities not asked for (read with the whole table) are skipped.
  const sink = emptyBugCounts();
  const counts = (ref: string) => result.get(ref) ?? sink;
  for (const row of open) {
    counts(row.entity_ref).open[row.severity as Severity] = toNumber(row.n);
  }
  for (const row of escaped) {
    counts(row.entity_ref).escaped = {
      numerator: toNumber(row.numerator),
      denominator: toNumber(row.denominator),
    };
  }
  for (const row of ages) {
    counts(row.entity_ref).criticalAgeMinutes.push({
      minutes: toNumber(row.age_minutes),
      count: toNumber(row.n),
    });
  }
  for (const entityCounts of result.values()) {
    const openNow = SEVERITIES.reduce((n, s) => n + entityCounts.open[s], 0);
    entityCounts.weekly = [openNow, openNow, openNow, openNow, openNow];
  }
  for (const row of weekly) {
    const entityCounts = counts(row.entity_ref);
    entityCounts.weekly = entityCounts.weekly.map(
      (openNow, i) => openNow - toNumber(row[`since${i}`]),
    );
  }
  return result;
}
