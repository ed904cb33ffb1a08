import { Knex } from 'knex';
import {
  BudgetCeilings,
  LOW_CONFIDENCE_DENOMINATOR,
} from '@quality-pulse/plugin-quality-common';
import { Organisation } from '../catalog/organisation';
import { toNumber } from '../database/normalise';
import { mttr } from './mttr';
import { postmortemTimelinessByGroup } from './postmortemTimeliness';
import { ceilingsFor } from './qualityBudget';
import { escapedDefectRate, reworkRate, rootCauseCoverage } from './ratios';
import { TimeWindow } from './window';

/**
 * The metrics an initiative can move, each computed as the window figures
 * are. `lower` is better for all but the two shares of work done.
 */
export const INITIATIVE_METRICS = {
  'escaped-defect-rate': { better: 'lower', unit: 'ratio' },
  'rework-rate': { better: 'lower', unit: 'ratio' },
  'mttr-critical': { better: 'lower', unit: 'hours' },
  'root-cause-coverage': { better: 'higher', unit: 'ratio' },
  'postmortem-timeliness': { better: 'higher', unit: 'ratio' },
  'aged-critical-bugs': { better: 'lower', unit: 'count' },
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

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

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
    case 'aged-critical-bugs': {
      const count = await agedCriticalAt(
        db,
        scope.org,
        entityRefs,
        window.end,
        defaultCeilings,
      );
      return {
        value: count,
        numerator: count,
        denominator: null,
        lowConfidence: false,
      };
    }
    default:
      throw new Error(`Unknown initiative metric ${metric satisfies never}`);
  }
}

/**
 * Bugs open as P0/P1 at `at` that were first reported longer ago than the
 * age limit of the squad owning their entity then (the budget's rule), from
 * the state each bug's history had in force at that moment.
 */
async function agedCriticalAt(
  db: Knex,
  org: Organisation,
  entityRefs: string[],
  at: number,
  defaultCeilings: BudgetCeilings,
): Promise<number> {
  const byLimit = new Map<number, string[]>();
  for (const ref of entityRefs) {
    const owner = org.ownerOf(ref);
    const days = ceilingsFor(owner?.annotations ?? {}, defaultCeilings).ceilings
      .criticalMaxAgeDays;
    byLimit.set(days, [...(byLimit.get(days) ?? []), ref]);
  }
  const counts = await Promise.all(
    [...byLimit].map(async ([days, refs]) => {
      const row = await db('quality_bug_history as h')
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
        .first(db.raw('COUNT(*) AS n'));
      return toNumber(row?.n ?? 0);
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}
