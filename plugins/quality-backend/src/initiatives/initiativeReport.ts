import { BudgetCeilings } from '@quality-pulse/plugin-quality-common';
import { matchesFilter } from '../catalog/entityFilter';
import { Organisation, OrgGroup } from '../catalog/organisation';
import {
  INITIATIVE_METRICS,
  InitiativeFigure,
} from '../metrics/initiativeFigures';
import { QualityMetrics } from '../metrics/QualityMetrics';
import { TimeWindow } from '../metrics/window';
import { InitiativeDefinition } from './definitions';
import {
  expectedValue,
  InitiativeProgress,
  progressAt,
  targetValue,
} from './progress';
import { DAY_MS } from '../time';

/** The chart's points: one every 30 days from the start, and now. */
const POINT_EVERY_DAYS = 30;

/** One group of an initiative's scope, with its own progress. */
export interface InitiativeNode {
  groupRef: string;
  title: string;
  type: string;
  progress: InitiativeProgress;
  children: InitiativeNode[];
}

/** A point of the value against the trajectory. */
export interface InitiativePoint extends InitiativeFigure {
  at: string;
  expected: number | null;
}

/** An initiative as one caller sees it: only the groups of the catalog it can see. */
export interface InitiativeReport {
  id: string;
  title: string;
  why: string;
  metric: InitiativeDefinition['metric'];
  better: 'lower' | 'higher';
  unit: 'ratio' | 'hours' | 'count';
  sponsorRef: string;
  scopeRef: string;
  /** When it covers some groups of the sponsor's tree: those groups. */
  scopeGroupRefs?: string[];
  services?: InitiativeDefinition['services'];
  start: string;
  /** The last day. */
  deadline: string;
  windowDays: number;
  target: InitiativeDefinition['target'];
  /** The group the points are of: the scope, or the squad asked about. */
  pointsOf: string;
  points: InitiativePoint[];
  /** The scope's tree in catalog order, never a ranking. */
  scope: InitiativeNode;
}

export interface ReportOptions {
  metrics: QualityMetrics;
  /** The org as the caller sees it: a hidden group is not there. */
  org: Organisation;
  now: number;
  defaultCeilings: BudgetCeilings;
}

const day = (millis: number) => new Date(millis).toISOString().slice(0, 10);

function windowEnding(end: number, days: number): TimeWindow {
  return { start: end - days * DAY_MS, end, days };
}

/**
 * The initiative's progress over its scope (its `scope` group, else its
 * sponsor's) as the caller sees the catalog, with the points of `focusRef`
 * (default: the scope); undefined when the scope, or the focus, is not in
 * the caller's view of the org.
 */
export async function initiativeReport(
  definition: InitiativeDefinition,
  options: ReportOptions,
  focusRef?: string,
): Promise<InitiativeReport | undefined> {
  const scopeRef = definition.scopeRef ?? definition.sponsorRef;
  const scopeGroup = options.org.get(scopeRef);
  if (!scopeGroup) return undefined;
  let org = options.org.subtree(scopeRef);
  if (definition.scopeGroupRefs) {
    // None of the listed groups in the caller's view: nothing of it either.
    if (!definition.scopeGroupRefs.some(ref => org.get(ref))) return undefined;
    org = org.narrowedTo(definition.scopeGroupRefs);
  }
  org = servicesOf(definition, org);
  const pointsOf = focusRef ?? scopeRef;
  if (!org.get(pointsOf)) return undefined;

  const figures = options.metrics.initiativeFigures(
    definition.metric,
    org,
    options.defaultCeilings,
  );
  const figureOf = (groupRef: string, end: number) =>
    figures(groupRef, windowEnding(end, definition.windowDays));
  const progressOf = async (groupRef: string) => {
    const [baseline, current] = await Promise.all([
      figureOf(groupRef, definition.start),
      figureOf(groupRef, options.now),
    ]);
    return progressAt(definition, baseline, current, options.now);
  };
  const nodeOf = async (group: OrgGroup): Promise<InitiativeNode> => {
    const [progress, children] = await Promise.all([
      progressOf(group.ref),
      Promise.all(
        group.childRefs
          .map(ref => org.get(ref))
          .filter((g): g is OrgGroup => !!g)
          .map(nodeOf),
      ),
    ]);
    return {
      groupRef: group.ref,
      title: group.title,
      type: group.type,
      progress,
      children,
    };
  };

  const [scope, points] = await Promise.all([
    nodeOf(org.get(scopeRef)!),
    pointsFor(definition, options.now, end => figureOf(pointsOf, end)),
  ]);
  const { better, unit } = INITIATIVE_METRICS[definition.metric];
  return {
    id: definition.id,
    title: definition.title,
    why: definition.why,
    metric: definition.metric,
    better,
    unit,
    sponsorRef: definition.sponsorRef,
    scopeRef,
    ...(definition.scopeGroupRefs
      ? { scopeGroupRefs: definition.scopeGroupRefs }
      : {}),
    ...(definition.services ? { services: definition.services } : {}),
    start: day(definition.start),
    deadline: day(definition.deadline - DAY_MS),
    windowDays: definition.windowDays,
    target: definition.target,
    pointsOf,
    points,
    scope,
  };
}

/** The scope's groups owning only the services the initiative counts. */
function servicesOf(
  definition: InitiativeDefinition,
  org: Organisation,
): Organisation {
  const { services } = definition;
  return services
    ? org.onlyComponents(component =>
        matchesFilter(services, { ...component, kind: 'component' }),
      )
    : org;
}

/** The value at the start (the baseline), every 30 days after it, and now (within a day of a step: now only). */
async function pointsFor(
  definition: InitiativeDefinition,
  now: number,
  figureAt: (end: number) => Promise<InitiativeFigure>,
): Promise<InitiativePoint[]> {
  if (now < definition.start) return [];
  const ends: number[] = [];
  for (
    let end = definition.start;
    // A step within a day of now would repeat it.
    end < Math.min(now - DAY_MS, definition.deadline);
    end += POINT_EVERY_DAYS * DAY_MS
  ) {
    ends.push(end);
  }
  ends.push(now);
  const figures = await Promise.all(ends.map(figureAt));
  const baseline = figures[0].value;
  const target = targetValue(definition, figures[0]);
  return figures.map((figure, i) => ({
    at: new Date(ends[i]).toISOString(),
    ...figure,
    expected:
      target === null || baseline === null
        ? null
        : expectedValue(definition, baseline, target, ends[i]),
  }));
}

/** The scope's groups in catalog order, each before its children. */
export function flattenScope(node: InitiativeNode): InitiativeNode[] {
  return [node, ...node.children.flatMap(flattenScope)];
}
