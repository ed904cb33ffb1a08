import { Knex } from 'knex';
import {
  BudgetCeilings,
  LOW_CONFIDENCE_DENOMINATOR,
} from '@quality-pulse/plugin-quality-common';
import { Organisation } from '../catalog/organisation';
import { toNumber } from '../database/normalise';
import { actionsClosedOnTime } from './learningLoop';
import { mttr } from './mttr';
import { postmortemTimelinessByGroup } from './postmortemTimeliness';
import { ceilingsFor } from './qualityBudget';
import { escapedDefectRate, reworkRate, rootCauseCoverage } from './ratios';
import { TimeWindow } from './window';
import { DAY_MS, HOUR_MS } from '../time';

/**
 * The metrics an initiative can move, each computed as the window figures
 * are. `lower` is better for all but the three shares of work done.
 */
export const INITIATIVE_METRICS = {
  'escaped-defect-rate': { better: 'lower', unit: 'ratio' },
  'rework-rate': { better: 'lower', unit: 'ratio' },
  'mttr-critical': { better: 'lower', unit: 'hours' },
  'root-cause-coverage': { better: 'higher', unit: 'ratio' },
  'postmortem-timeliness': { better: 'higher', unit: 'ratio' },
  'aged-critical-bugs': { better: 'lower', unit: 'count' },
  'actions-closed-on-time': { better: 'higher', unit: 'ratio' },
} as const;

export type InitiativeMetric = keyof typeof INITIATIVE_METRICS;

/** A metric's value over one window, with what it is made of. */
export interface InitiativeFigure {
  /** A share (0–1), hours or a count; null when nothing was there to measure. */
  value: number | null;
  /** For a share: the items that count; for a count: the count. */
  numerator: number | null;
  /** For a share: the items it is a share of; for MTTR: the incidents. */
  denominator: number | null;
  /** Fewer than 10 items behind a share or a median (the rates' rule). */
  lowConfidence: boolean;
}

/** A share of items: its parts, low confidence below ten. */
function share(numerator: number, denominator: number): InitiativeFigure {
  return {
    value: denominator === 0 ? null : numerator / denominator,
    numerator,
    denominator,
    lowConfidence: denominator < LOW_CONFIDENCE_DENOMINATOR,
  };
}

/**
 * One group's value of an initiative's metric over a window, computed as the
 * window figures of the squad views are (the same SQL), so an initiative's
 * number equals the one on the squad's tab for the same days.
 */
export async function initiativeFigure(
  db: Knex,
  metric: InitiativeMetric,
  scope: { org: Organisation; groupRef: string },
  window: TimeWindow,
  defaultCeilings: BudgetCeilings,
): Promise<InitiativeFigure> {
  const entityRefs = scope.org.entitiesOf(scope.groupRef);
  switch (metric) {
    case 'escaped-defect-rate': {
      const r = await escapedDefectRate(db, entityRefs, window);
      return share(r.numerator, r.denominator);
    }
    case 'rework-rate': {
      const r = await reworkRate(db, entityRefs, window);
      return share(r.numerator, r.denominator);
    }
    case 'root-cause-coverage': {
      const r = await rootCauseCoverage(db, entityRefs, window);
      return share(r.numerator, r.denominator);
    }
    case 'mttr-critical': {
      const { critical } = await mttr(db, entityRefs, window);
      return {
        value: critical.medianMs === null ? null : critical.medianMs / HOUR_MS,
        numerator: null,
        denominator: critical.count,
        lowConfidence: critical.count < LOW_CONFIDENCE_DENOMINATOR,
      };
    }
    case 'postmortem-timeliness': {
      // As it stood at the window's end: a deadline still ahead is not yet due.
      const timeliness = (
        await postmortemTimelinessByGroup(
          db,
          scope.org.subtree(scope.groupRef),
          window,
          window.end,
        )
      ).get(scope.groupRef);
      const due = (timeliness?.resolved ?? 0) - (timeliness?.pending ?? 0);
      return share(due - (timeliness?.late ?? 0), due);
    }
    case 'actions-closed-on-time': {
      const r = await actionsClosedOnTime(db, entityRefs, window);
      return share(r.numerator, r.denominator);
    }
    case 'aged-critical-bugs': {
      const counts = await agedCriticalByEntity(
        db,
        scope.org,
        entityRefs,
        window.end,
        defaultCeilings,
      );
      return agedFigure(entityRefs, counts);
    }
    default:
      throw new Error(`Unknown initiative metric ${metric satisfies never}`);
  }
}

/**
 * One group's figure after another over the same org, as an initiative's
 * report asks for them: the aged P0/P1 count adds up, so it is counted per
 * service once for each instant and summed per group, instead of reading the
 * same bugs' history again for every level of the tree.
 */
export function initiativeFigureSource(
  db: Knex,
  metric: InitiativeMetric,
  org: Organisation,
  defaultCeilings: BudgetCeilings,
): (groupRef: string, window: TimeWindow) => Promise<InitiativeFigure> {
  if (metric !== 'aged-critical-bugs') {
    return (groupRef, window) =>
      initiativeFigure(db, metric, { org, groupRef }, window, defaultCeilings);
  }
  const countsAt = new Map<number, Promise<Map<string, number>>>();
  return async (groupRef, window) => {
    let counts = countsAt.get(window.end);
    if (!counts) {
      counts = agedCriticalByEntity(
        db,
        org,
        org.allEntityRefs(),
        window.end,
        defaultCeilings,
      );
      countsAt.set(window.end, counts);
    }
    return agedFigure(org.entitiesOf(groupRef), await counts);
  };
}

function agedFigure(
  entityRefs: string[],
  counts: Map<string, number>,
): InitiativeFigure {
  const count = entityRefs.reduce((n, ref) => n + (counts.get(ref) ?? 0), 0);
  return {
    value: count,
    numerator: count,
    denominator: null,
    lowConfidence: false,
  };
}

/**
 * Per service: bugs open as P0/P1 at `at` that were first reported longer
 * ago than the age limit of the squad owning the service (the budget's
 * rule), from the state each bug's history had in force at that moment.
 */
async function agedCriticalByEntity(
  db: Knex,
  org: Organisation,
  entityRefs: string[],
  at: number,
  defaultCeilings: BudgetCeilings,
): Promise<Map<string, number>> {
  const byLimit = new Map<number, string[]>();
  for (const ref of entityRefs) {
    const owner = org.ownerOf(ref);
    const days = ceilingsFor(owner?.annotations ?? {}, defaultCeilings).ceilings
      .criticalMaxAgeDays;
    byLimit.set(days, [...(byLimit.get(days) ?? []), ref]);
  }
  const rows = await Promise.all(
    [...byLimit].map(([days, refs]) =>
      db('quality_bug_history as h')
        .join('quality_bugs as b', 'b.id', 'h.bug_id')
        .leftJoin('quality_bug_history as n', join =>
          join
            .on('n.bug_id', '=', 'h.bug_id')
            .andOn('n.seq', '=', db.raw('h.seq + 1')),
        )
        .where('h.changed_at', '<=', at)
        .where(q =>
          q.whereNull('n.changed_at').orWhere('n.changed_at', '>', at),
        )
        .where('h.status', 'open')
        .whereIn('h.severity', ['P0', 'P1'])
        .whereIn('h.entity_ref', refs)
        .where('b.created_at', '<=', at - days * DAY_MS)
        .groupBy('h.entity_ref')
        .select('h.entity_ref', db.raw('COUNT(*) AS n')),
    ),
  );
  return new Map(
    rows.flat().map(row => [row.entity_ref, toNumber(row.n)] as const),
  );
}
