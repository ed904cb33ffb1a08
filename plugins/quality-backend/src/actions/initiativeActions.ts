import { qualityMetricsReadPermission } from '@quality-pulse/plugin-quality-common';
import { InitiativeDefinition } from '../initiatives/definitions';
import {
  flattenScope,
  initiativeReport,
} from '../initiatives/initiativeReport';
import { ActionReaders, groupRefOf, READ_ONLY, Zod } from './scope';

/**
 * Registers `get-quality-initiatives`: the initiatives of app-config, each
 * with its scope's baseline, value, target and state, and — for a squad —
 * the squad's own trajectory. The caller sees the org as the catalog shows
 * it to them, like the routes: a hidden group is in no tree, a hidden
 * service adds nothing. Groups only, never a person.
 */
export function registerInitiativeActions(
  options: ActionReaders & { initiatives: InitiativeDefinition[] },
) {
  const { actionsRegistry, access, metrics, initiatives } = options;
  const now = options.now ?? Date.now;

  const figure = (z: Zod) =>
    z.object({
      value: z.number().nullable(),
      numerator: z.number().nullable(),
      denominator: z.number().nullable(),
      lowConfidence: z.boolean(),
    });
  const state = (z: Zod) =>
    z.enum(['not-started', 'on-track', 'behind', 'reached', 'too-little-data']);

  actionsRegistry.register({
    name: 'get-quality-initiatives',
    title: "Get the quality initiatives and a squad's trajectory",
    description:
      'Returns the Quality Pulse initiatives (a metric moved from its baseline to a target by a deadline): ' +
      'title, why, metric, target and the scope group with its baseline, value now, expected value on the ' +
      'straight-line trajectory and state (on-track, behind, reached, too-little-data), and every group of ' +
      'the scope with its state, in catalog order. With a squad: only the initiatives that include it, with ' +
      "the squad's own progress and its points (value against trajectory). Shares are 0–1, MTTR in hours.",
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          squad: z
            .string()
            .min(1)
            .optional()
            .describe('A squad to focus on, e.g. payments-squad'),
        }),
      output: z =>
        z.object({
          initiatives: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              why: z.string(),
              metric: z.string(),
              better: z.enum(['lower', 'higher']),
              start: z.string(),
              deadline: z.string(),
              target: z.number().nullable(),
              scope: z.string(),
              scopeGroups: z
                .array(z.string())
                .optional()
                .describe(
                  'When it covers some departments or squads: those groups',
                ),
              services: z
                .object({
                  type: z.array(z.string()).optional(),
                  lifecycle: z.array(z.string()).optional(),
                  tag: z.array(z.string()).optional(),
                })
                .optional()
                .describe("Which of the scope's services count; absent: all"),
              focus: z.object({
                group: z.string(),
                baseline: figure(z),
                current: figure(z),
                expected: z.number().nullable(),
                state: state(z),
                points: z.array(
                  z.object({
                    at: z.string(),
                    value: z.number().nullable(),
                    expected: z.number().nullable(),
                  }),
                ),
              }),
              groups: z.array(z.object({ group: z.string(), state: state(z) })),
            }),
          ),
        }),
    },
    examples: [
      {
        title: 'Is the payments squad on track for our initiatives?',
        input: { squad: 'payments-squad' },
      },
    ],
    action: async ({ input, credentials }) => {
      await access.authorize(
        credentials,
        qualityMetricsReadPermission,
        'read quality data',
      );
      const focus = input.squad
        ? (await access.group(credentials, groupRefOf(input.squad))).group.ref
        : undefined;
      const reportOptions = {
        metrics,
        org: await access.org(credentials),
        now: now(),
        defaultCeilings: options.budgetCeilings,
      };
      const reports = await Promise.all(
        initiatives.map(d => initiativeReport(d, reportOptions, focus)),
      );
      return {
        output: {
          initiatives: reports.flatMap(report => {
            if (!report) return [];
            const nodes = flattenScope(report.scope);
            const own = nodes.find(n => n.groupRef === report.pointsOf)!;
            return [
              {
                id: report.id,
                title: report.title,
                why: report.why,
                metric: report.metric,
                better: report.better,
                start: report.start,
                deadline: report.deadline,
                target: own.progress.target,
                scope: report.scopeRef,
                ...(report.scopeGroupRefs
                  ? { scopeGroups: report.scopeGroupRefs }
                  : {}),
                ...(report.services ? { services: report.services } : {}),
                focus: {
                  group: own.groupRef,
                  baseline: own.progress.baseline,
                  current: own.progress.current,
                  expected: own.progress.expected,
                  state: own.progress.state,
                  points: report.points.map(p => ({
                    at: p.at,
                    value: p.value,
                    expected: p.expected,
                  })),
                },
                groups: nodes.map(n => ({
                  group: n.groupRef,
                  state: n.progress.state,
                })),
              },
            ];
          }),
        },
      };
    },
  });
}
