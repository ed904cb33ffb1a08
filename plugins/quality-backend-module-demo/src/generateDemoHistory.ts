import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  BUG_TRACKER_ANNOTATIONS,
  INCIDENT_TOOL_ANNOTATIONS,
  QUALITY_SOURCE_ANNOTATIONS,
  Severity,
} from '@quality-pulse/plugin-quality-common';
import {
  BugHistoryEntry,
  NormalisedBug,
  NormalisedIncident,
} from '@quality-pulse/plugin-quality-node';
import { SeededRandom } from './random';
import { addDemoLearningLoop } from './demoLearningLoop';
import { DemoHistory } from './demoHistory';
import { DemoImprovement, improvementAt } from './demoStory';

export type { DemoHistory } from './demoHistory';
export type { DemoImprovement } from './demoStory';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const MINUTE = 60 * 1000;

/**
 * Days of history the demo writes (the issue asks for 180).
 * @public
 */
export const DEMO_HISTORY_DAYS = 180;

const BUG_SEVERITY_WEIGHTS: Record<Severity, number> = {
  P0: 2,
  P1: 9,
  P2: 34,
  P3: 31,
  P4: 12,
  unclassified: 12,
};

const INCIDENT_SEVERITY_WEIGHTS = { P0: 4, P1: 22, P2: 42, P3: 32 } as const;

/** Median days to fix a bug, per severity, for a service of average health. */
const BUG_FIX_MEDIAN_DAYS: Record<Severity, number> = {
  P0: 0.6,
  P1: 2.5,
  P2: 11,
  P3: 24,
  P4: 45,
  unclassified: 30,
};

/** Median time to restore, per incident severity, for a service of average health. */
const INCIDENT_RESTORE_MEDIAN: Record<
  keyof typeof INCIDENT_SEVERITY_WEIGHTS,
  number
> = {
  P0: 70 * MINUTE,
  P1: 2.5 * HOUR,
  P2: 6 * HOUR,
  P3: 18 * HOUR,
};

const BUG_TITLES = [
  'Totals are rounded twice when a discount applies',
  'Retry storm after a downstream timeout',
  'Pagination skips the last item of a page',
  'Timezone shift on dates around midnight UTC',
  'Stale cache entry served after an update',
  'Error message leaks an internal identifier',
  'Null pointer when an optional field is missing',
  'Race between two writers loses an update',
  'Validation accepts a negative quantity',
  'Webhook signature check fails for large bodies',
  'Search results ignore the selected filter',
  'Memory grows when a client disconnects mid-stream',
  'Health check reports ready before migrations finish',
  'CSV export breaks on values with commas',
  'Locale fallback shows raw translation keys',
  'Feature flag default differs between regions',
  'Idempotency key ignored on the second retry',
  'Slow query when the tenant has many records',
];

const INCIDENT_TITLES = [
  'Elevated 5xx error rate',
  'Latency above SLO for the main endpoint',
  'Queue backlog growing faster than consumers',
  'Database connection pool exhausted',
  'Certificate expiry broke outbound calls',
  'Dependency outage degraded requests',
  'Bad deploy rolled back',
  'Disk filling on the primary node',
  'Spike of failed logins after a config change',
];

function trackerKey(entity: Entity): string {
  const annotations = entity.metadata.annotations ?? {};
  const key =
    annotations[QUALITY_SOURCE_ANNOTATIONS.jiraProjectKey] ??
    annotations[QUALITY_SOURCE_ANNOTATIONS.linearTeamKey] ??
    entity.metadata.name.replace(/[^a-z0-9]/gi, '').slice(0, 4);
  return key.toUpperCase();
}

function bugUrl(entity: Entity, externalId: string, number: number): string {
  const annotations = entity.metadata.annotations ?? {};
  if (annotations[QUALITY_SOURCE_ANNOTATIONS.jiraProjectKey]) {
    return `https://jira.acme.example.com/browse/${externalId}`;
  }
  if (annotations[QUALITY_SOURCE_ANNOTATIONS.linearTeamKey]) {
    return `https://linear.example.com/acme/issue/${externalId}`;
  }
  const slug = annotations[QUALITY_SOURCE_ANNOTATIONS.githubProjectSlug];
  return `https://github.example.com/${
    slug ?? `acme/${entity.metadata.name}`
  }/issues/${number}`;
}

function hasAny(entity: Entity, keys: readonly string[]): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return keys.some(key => Boolean(annotations[key]));
}

/** Working hours, so the demo's bugs and deploys cluster in the day like real ones. */
function workingTime(random: SeededRandom, dayStart: number): number {
  return dayStart + random.between(8, 18) * HOUR;
}

function isWeekday(time: number): boolean {
  const day = new Date(time).getUTCDay();
  return day !== 0 && day !== 6;
}

function shiftSeverity(severity: Severity, steps: number): Severity {
  const scale: Severity[] = ['P0', 'P1', 'P2', 'P3', 'P4'];
  const index = scale.indexOf(severity);
  if (index < 0) {
    return 'P2'; // Triage classifies an unclassified bug.
  }
  return scale[Math.min(scale.length - 1, Math.max(0, index + steps))];
}

/**
 * Deterministic, realistic history for one catalog entity over the
 * {@link DEMO_HISTORY_DAYS} days before `anchor`. Each entity draws a "health"
 * from its seed, so some services look healthy and others drift, which is what
 * makes the squad and org views worth reading.
 * @public
 */
export function generateDemoHistory(
  entity: Entity,
  options: { seed: string; anchor: number; improvement?: DemoImprovement },
): DemoHistory {
  const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const random = new SeededRandom(`${options.seed}:${entityRef}`);
  const health = random.between(0.1, 0.95);
  const start = options.anchor - DEMO_HISTORY_DAYS * DAY;
  const history: DemoHistory = {
    bugs: [],
    incidents: [],
    postmortems: [],
    deployments: [],
  };
  const escapedBugs: NormalisedBug[] = [];

  if (hasAny(entity, BUG_TRACKER_ANNOTATIONS)) {
    const key = trackerKey(entity);
    const bugsPerDay = 0.25 + (1 - health) * 0.6;
    const escapeProbability = 0.06 + (1 - health) * 0.3;
    let number = 100;
    for (let dayStart = start; dayStart < options.anchor; dayStart += DAY) {
      for (let n = random.poisson(bugsPerDay); n > 0; n--) {
        number += 1;
        const externalId = `${key}-${number}`;
        const createdAt = workingTime(random, dayStart);
        const bug = demoBug(random, {
          entityRef,
          externalId,
          url: bugUrl(entity, externalId, number),
          createdAt,
          anchor: options.anchor,
          health,
          escaped: random.chance(
            escapeProbability * improvementAt(entity, createdAt, options),
          ),
        });
        history.bugs.push(bug);
        if (bug.escaped) {
          escapedBugs.push(bug);
        }
      }
    }
  }

  if (hasAny(entity, INCIDENT_TOOL_ANNOTATIONS)) {
    const incidentsPerDay = 0.04 + (1 - health) * 0.12;
    let number = 0;
    for (let dayStart = start; dayStart < options.anchor; dayStart += DAY) {
      for (let n = random.poisson(incidentsPerDay); n > 0; n--) {
        number += 1;
        const severity = random.weighted(INCIDENT_SEVERITY_WEIGHTS);
        const startedAt = dayStart + random.between(0, 24) * HOUR;
        const restore = random.logNormal(
          INCIDENT_RESTORE_MEDIAN[severity] * (1.6 - health),
          0.8,
        );
        const resolvedAt = startedAt + restore;
        const externalId = `${entity.metadata.name}-INC-${number}`;
        const incident: NormalisedIncident = {
          externalId,
          entityRef,
          title: random.pick(INCIDENT_TITLES),
          url: `https://incidents.acme.example.com/${externalId}`,
          severity,
          startedAt: new Date(startedAt),
          acknowledgedAt: new Date(
            startedAt +
              Math.min(
                restore / 2,
                random.logNormal(
                  severity === 'P0' ? 3 * MINUTE : 8 * MINUTE,
                  0.7,
                ),
              ),
          ),
          resolvedAt:
            resolvedAt < options.anchor ? new Date(resolvedAt) : undefined,
        };
        history.incidents.push(incident);
        // Post-mortems for serious incidents, published a few days after they end; a few are missing.
        const publishedAt = resolvedAt + random.between(1, 8) * DAY;
        if (
          (severity === 'P0' || severity === 'P1') &&
          publishedAt < options.anchor &&
          random.chance(0.8)
        ) {
          history.postmortems.push({
            externalId: `pm-${externalId}`,
            entityRef,
            title: `Post-mortem: ${incident.title.toLowerCase()} (${externalId})`,
            url: `https://wiki.acme.example.com/postmortems/${externalId}`,
            publishedAt: new Date(publishedAt),
            subjects: [{ kind: 'incident', externalId }],
          });
        }
      }
    }
  }

  // Healthier teams write the one-page root-cause note for more of their escaped bugs.
  for (const bug of escapedBugs) {
    const closed = bug.history[bug.history.length - 1];
    const publishedAt = closed.at.getTime() + random.between(1, 6) * DAY;
    if (
      closed.status === 'closed' &&
      publishedAt < options.anchor &&
      random.chance(0.25 + 0.6 * health)
    ) {
      history.postmortems.push({
        externalId: `pm-${bug.externalId}`,
        entityRef,
        title: `Root cause: ${bug.title} (${bug.externalId})`,
        url: `https://wiki.acme.example.com/postmortems/${bug.externalId}`,
        publishedAt: new Date(publishedAt),
        subjects: [{ kind: 'bug', externalId: bug.externalId }],
      });
    }
  }

  if (
    hasAny(entity, [...BUG_TRACKER_ANNOTATIONS, ...INCIDENT_TOOL_ANNOTATIONS])
  ) {
    const deploysPerWeekday = 0.8 + health * 3;
    const remediationProbability = 0.03 + (1 - health) * 0.18;
    let number = 0;
    for (let dayStart = start; dayStart < options.anchor; dayStart += DAY) {
      if (!isWeekday(dayStart)) {
        continue;
      }
      for (let n = random.poisson(deploysPerWeekday); n > 0; n--) {
        number += 1;
        history.deployments.push({
          externalId: `${entity.metadata.name}-deploy-${number}`,
          entityRef,
          deployedAt: new Date(workingTime(random, dayStart)),
          remediation: random.chance(remediationProbability),
        });
      }
    }
  }

  addDemoLearningLoop(history, entity, {
    seed: options.seed,
    anchor: options.anchor,
    health,
    trackerKey: hasAny(entity, BUG_TRACKER_ANNOTATIONS)
      ? trackerKey(entity)
      : undefined,
  });
  return history;
}

/**
 * One bug's life: opened, sometimes re-triaged to another severity, fixed after
 * a severity-dependent time, and now and then reopened because the fix did not
 * hold. Bugs whose fix would land after `anchor` are still open.
 */
function demoBug(
  random: SeededRandom,
  options: {
    entityRef: string;
    externalId: string;
    url: string;
    createdAt: number;
    anchor: number;
    health: number;
    escaped: boolean;
  },
): NormalisedBug {
  const { entityRef, anchor } = options;
  let severity = random.weighted(BUG_SEVERITY_WEIGHTS);
  const entries: BugHistoryEntry[] = [
    { at: new Date(options.createdAt), status: 'open', severity, entityRef },
  ];
  const slowness = 1.7 - options.health;
  let fixedAt =
    options.createdAt +
    random.logNormal(BUG_FIX_MEDIAN_DAYS[severity] * slowness, 0.9) * DAY;

  // Triage: unclassified bugs usually get a severity, and a few are escalated or downgraded.
  const triageAt = options.createdAt + random.between(0.05, 1.5) * DAY;
  if (
    triageAt < Math.min(fixedAt, anchor) &&
    (severity === 'unclassified' ? random.chance(0.6) : random.chance(0.07))
  ) {
    severity = shiftSeverity(severity, random.chance(0.5) ? -1 : 1);
    entries.push({
      at: new Date(triageAt),
      status: 'open',
      severity,
      entityRef,
    });
  }

  if (fixedAt < anchor) {
    entries.push({
      at: new Date(fixedAt),
      status: 'closed',
      severity,
      entityRef,
    });
    if (random.chance(0.08)) {
      const reopenedAt = fixedAt + random.between(0.5, 12) * DAY;
      if (reopenedAt < anchor) {
        entries.push({
          at: new Date(reopenedAt),
          status: 'open',
          severity,
          entityRef,
        });
        fixedAt =
          reopenedAt +
          random.logNormal(
            BUG_FIX_MEDIAN_DAYS[severity] * slowness * 0.5,
            0.8,
          ) *
            DAY;
        if (fixedAt < anchor) {
          entries.push({
            at: new Date(fixedAt),
            status: 'closed',
            severity,
            entityRef,
          });
        }
      }
    }
  }

  return {
    externalId: options.externalId,
    title: random.pick(BUG_TITLES),
    url: options.url,
    escaped: options.escaped,
    history: entries,
  };
}
