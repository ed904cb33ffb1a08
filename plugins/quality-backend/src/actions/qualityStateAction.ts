import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  QualityScorecard,
  qualityScorecardReadPermission,
  SEVERITIES,
} from '@quality-pulse/plugin-quality-common';
import { scoredComponent } from '../catalog/scoredComponent';
import { ScorecardEngine } from '../scorecards/ScorecardEngine';
import { ScorecardTarget } from '../scorecards/evaluate';
import { QualityAccess } from '../service/access';
import { roundedHours, visibleScope } from './scope';

/**
 * Registers `get-quality-state` with the actions registry, where the MCP
 * actions backend finds it: an assistant asked "what is the quality state of
 * payments-api" gets the level, the checks holding it back with their
 * reasons, and the headline figures — for a service or a squad, never a
 * person. The caller's own credentials decide what it may see.
 */
export function registerQualityActions(options: {
  actionsRegistry: ActionsRegistryService;
  access: QualityAccess;
  scorecards: ScorecardEngine;
}) {
  const { actionsRegistry, access, scorecards } = options;
  actionsRegistry.register({
    name: 'get-quality-state',
    title: 'Get the quality state of a service or squad',
    description:
      'Returns the Quality Pulse scorecard level of a catalog component (service) or group (squad), ' +
      'the checks that do not pass with their reasons, ordered to act on first (the next level to reach, ' +
      'then failing before warning before unknown), open bugs by severity, ' +
      'the escaped defect rate with its parts, the P0/P1 MTTR median and the quality budget. ' +
      'Accepts a full entity reference (component:default/payments-api, group:default/payments) or a bare name, ' +
      'which is looked up as a component first, then as a group.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe(
              'Entity reference or name, e.g. payments-api or group:default/payments',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          kind: z.enum(['entity', 'squad']),
          evaluatedAt: z.string().nullable(),
          level: z.string().nullable(),
          levelSince: z.string().nullable(),
          nextLevel: z
            .string()
            .nullable()
            .describe('The level to reach next; null at the top level'),
          checksNotPassing: z.array(
            z.object({
              check: z.string(),
              level: z.string(),
              status: z.enum(['warn', 'fail', 'unknown']),
              reason: z.string(),
              blocksNextLevel: z.boolean(),
            }),
          ),
          openBugs: z.record(z.string(), z.number()),
          escapedDefectRate: z.object({
            escaped: z.number(),
            created: z.number(),
            rate: z.number().nullable(),
            lowConfidence: z.boolean(),
          }),
          mttrCriticalMedianHours: z.number().nullable(),
          budget: z
            .object({
              squad: z.string(),
              state: z.enum(['within', 'at-risk', 'breached']),
              openP2: z.number(),
              maxOpenP2: z.number(),
              agedCritical: z.number(),
              maxAgedCritical: z.number(),
            })
            .nullable(),
        }),
    },
    examples: [
      {
        title: 'A service by name',
        input: { entityRef: 'payments-api' },
      },
    ],
    action: async ({ input, credentials }) => {
      await access.authorize(
        credentials,
        qualityScorecardReadPermission,
        'read scorecards',
      );
      const { ref: found, kind } = await visibleScope(
        access,
        credentials,
        input.entityRef,
      );
      // The scorecard as this caller may see it (a hidden service changes nothing).
      const { scorecard, facts } = await scorecards.scorecardFor(
        { ref: found, kind },
        {
          org: await access.org(credentials),
          target: await targetOf(access, credentials, found, kind),
        },
      );
      const escaped = facts?.escaped ?? { numerator: 0, denominator: 0 };
      return {
        output: {
          entityRef: found,
          kind,
          evaluatedAt: scorecard.evaluatedAt,
          level: scorecard.level,
          levelSince: scorecard.levelSince,
          ...checksToActOn(scorecard),
          openBugs: Object.fromEntries(
            SEVERITIES.map(s => [s, facts?.open[s] ?? 0]),
          ),
          escapedDefectRate: {
            escaped: escaped.numerator,
            created: escaped.denominator,
            rate:
              escaped.denominator === 0
                ? null
                : escaped.numerator / escaped.denominator,
            lowConfidence: escaped.denominator < 10,
          },
          mttrCriticalMedianHours: roundedHours(
            facts?.mttrCritical.medianMs ?? null,
          ),
          budget: facts?.budget
            ? {
                squad: facts.budget.groupRef,
                state: facts.budget.state,
                openP2: facts.budget.openP2.used,
                maxOpenP2: facts.budget.openP2.ceiling,
                agedCritical: facts.budget.agedCritical.used,
                maxAgedCritical: facts.budget.agedCritical.ceiling,
              }
            : null,
        },
      };
    },
  });
}

async function targetOf(
  access: QualityAccess,
  credentials: BackstageCredentials,
  ref: string,
  kind: 'entity' | 'squad',
): Promise<ScorecardTarget> {
  if (kind === 'squad') return { ref, kind: 'group', type: 'team', tags: [] };
  const entity = await access.entity(credentials, ref);
  return {
    ...scoredComponent(entity),
    kind: entity.kind.toLocaleLowerCase('en-US'),
  };
}

/** Failing checks first: a warning does not hold a level back; unknown needs data first. */
const STATUS_ORDER = { fail: 0, warn: 1, unknown: 2 } as const;

/**
 * The checks that do not pass, in the order to act on them: those holding
 * the scope below its next level, then those of the levels above it, then
 * what is left to tidy in levels already reached.
 */
function checksToActOn(scorecard: QualityScorecard) {
  const reached = scorecard.levels.findIndex(l => l.id === scorecard.level);
  const next = scorecard.levels[reached + 1];
  const levels = [
    ...scorecard.levels.slice(reached + 1),
    ...scorecard.levels.slice(0, reached + 1),
  ];
  return {
    nextLevel: next?.title ?? null,
    checksNotPassing: levels.flatMap(level =>
      level.checks
        .filter(check => check.status !== 'pass')
        .map(check => ({
          check: check.title,
          level: level.title,
          status: check.status as keyof typeof STATUS_ORDER,
          reason: check.reason,
          blocksNextLevel: level === next,
        }))
        .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]),
    ),
  };
}
