import { SEVERITIES } from '@quality-pulse/plugin-quality-common';
import { ScorecardPolicy } from './definitions';
import { ScopeFacts } from '../metrics/scorecardFacts';
import { StoredScorecard } from '../database/ScorecardStore';

interface Family {
  name: string;
  help: string;
  samples: string[];
}

/** Label values escape backslash, double quote and newline (exposition format 0.0.4). */
function label(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([key, value]) => `${key}="${label(value)}"`)
    .join(',')}}`;
}

/** The figures every scope exports after its open bugs: name suffix, help, and where the facts hold it. */
const FACT_METRICS: Array<
  [suffix: string, help: string, valueOf: (facts: ScopeFacts) => number | null]
> = [
  [
    'aged_critical_bugs',
    'Open P0/P1 bugs older than the budget age limit',
    facts => facts.agedCritical,
  ],
  [
    'bugs_created',
    'Bugs created in the scorecard window',
    facts => facts.escaped.denominator,
  ],
  [
    'escaped_bugs_created',
    'Escaped bugs created in the scorecard window',
    facts => facts.escaped.numerator,
  ],
  [
    'deployments',
    'Deployments in the scorecard window',
    facts => facts.rework.denominator,
  ],
  [
    'remediation_deployments',
    'Remediation deployments in the scorecard window',
    facts => facts.rework.numerator,
  ],
  [
    'mttr_critical_median_seconds',
    'Median time to restore of P0/P1 incidents resolved in the window',
    facts =>
      facts.mttrCritical.medianMs === null
        ? null
        : facts.mttrCritical.medianMs / 1000,
  ],
  [
    'postmortems_late',
    'P0/P1 incidents without a post-mortem within 5 working days',
    facts => facts.postmortems.late,
  ],
  [
    'postmortems_due',
    'P0/P1 incidents whose post-mortem is due within 5 working days',
    facts => facts.postmortems.pending,
  ],
];

/**
 * Renders the latest scorecards as Prometheus gauges: per entity
 * (`quality_entity_*`, label `entity`) and per squad (`quality_squad_*`, label
 * `squad`) — never per person. Ratios are exported as their two counts, so a
 * dashboard can sum them across services and divide, and nobody reads a
 * percentage of three bugs.
 */
export function renderOpenMetrics(
  cards: StoredScorecard[],
  policy: ScorecardPolicy,
  evaluatedAt: number | null,
): string {
  const levelRank = new Map(policy.levels.map((level, i) => [level.id, i + 1]));
  const families = new Map<string, Family>();
  const sample = (
    name: string,
    help: string,
    pairs: Record<string, string>,
    value: number | null,
  ) => {
    if (value === null || !Number.isFinite(value)) {
      return;
    }
    let family = families.get(name);
    if (!family) {
      family = { name, help, samples: [] };
      families.set(name, family);
    }
    const labelText = Object.keys(pairs).length ? labels(pairs) : '';
    family.samples.push(`${name}${labelText} ${value}`);
  };

  const sorted = [...cards].sort((a, b) =>
    a.scopeRef.localeCompare(b.scopeRef),
  );
  for (const card of sorted) {
    const prefix =
      card.scopeKind === 'entity' ? 'quality_entity' : 'quality_squad';
    const scope: Record<string, string> =
      card.scopeKind === 'entity'
        ? { entity: card.scopeRef }
        : { squad: card.scopeRef };
    const facts = JSON.parse(card.facts) as ScopeFacts;
    for (const severity of SEVERITIES) {
      sample(
        `${prefix}_open_bugs`,
        'Open bugs by severity',
        { ...scope, severity },
        facts.open[severity],
      );
    }
    for (const [suffix, help, valueOf] of FACT_METRICS) {
      sample(`${prefix}_${suffix}`, help, scope, valueOf(facts));
    }
    sample(
      `${prefix}_scorecard_level`,
      `Scorecard level reached: 0 none, ${policy.levels
        .map((l, i) => `${i + 1} ${l.title}`)
        .join(', ')}`,
      scope,
      card.level ? levelRank.get(card.level) ?? 0 : 0,
    );
    const statusCounts = { pass: 0, warn: 0, fail: 0, unknown: 0 };
    card.levels.forEach(level =>
      level.checks.forEach(check => (statusCounts[check.status] += 1)),
    );
    for (const [status, count] of Object.entries(statusCounts)) {
      sample(
        `${prefix}_scorecard_checks`,
        'Scorecard checks by result',
        { ...scope, status },
        count,
      );
    }
    if (card.scopeKind === 'squad' && facts.budget) {
      for (const state of ['within', 'at-risk', 'breached']) {
        sample(
          'quality_squad_budget_state',
          'Quality budget state (1 for the current one)',
          { ...scope, state },
          facts.budget.state === state ? 1 : 0,
        );
      }
      sample(
        'quality_squad_budget_open_p2',
        'Open P2 bugs counted against the budget',
        scope,
        facts.budget.openP2.used,
      );
      sample(
        'quality_squad_budget_open_p2_ceiling',
        'Most open P2 bugs the budget allows',
        scope,
        facts.budget.openP2.ceiling,
      );
    }
  }
  sample(
    'quality_scorecards_last_evaluation_timestamp_seconds',
    'When the scorecards were last evaluated',
    {},
    evaluatedAt === null ? null : evaluatedAt / 1000,
  );

  const lines: string[] = [];
  for (const family of families.values()) {
    lines.push(`# HELP ${family.name} ${family.help}`);
    lines.push(`# TYPE ${family.name} gauge`);
    lines.push(...family.samples);
  }
  return `${lines.join('\n')}\n`;
}
