import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  OrgOverviewNode,
  qualityMetricsReadPermission,
} from '@quality-pulse/plugin-quality-common';
import { windowFromQuery } from '../metrics/window';
import { ActionReaders, groupRefOf, READ_ONLY, squadInput } from './scope';

/**
 * Registers the squad and org questions an assistant can ask through the MCP
 * actions backend: the org's budgets by group, a squad's budget and what
 * consumes it, the post-mortem actions a squad has let slip. Each checks the
 * caller's permission and sees the org as the catalog shows it to the caller
 * (a hidden service adds nothing), like the routes. Groups and services only:
 * no person is counted or ranked.
 */
export function registerSquadActions(options: ActionReaders) {
  const { actionsRegistry, access, metrics } = options;
  const now = options.now ?? Date.now;

  /** The caller's org, once they may read quality data. */
  async function orgOf(credentials: BackstageCredentials) {
    await access.authorize(
      credentials,
      qualityMetricsReadPermission,
      'read quality data',
    );
    return access.org(credentials);
  }

  /** A squad the caller sees, by reference or bare name. */
  async function squadOf(credentials: BackstageCredentials, squad: string) {
    await access.authorize(
      credentials,
      qualityMetricsReadPermission,
      'read quality data',
    );
    return access.group(credentials, groupRefOf(squad));
  }

  const figures = (windowDays?: number) => ({
    window: windowFromQuery(
      { windowDays },
      { now: now(), defaultDays: options.defaultWindowDays },
    ),
    now: now(),
    defaultCeilings: options.budgetCeilings,
  });

  actionsRegistry.register({
    name: 'get-org-quality-overview',
    title: 'Get the quality budgets of every group of the org',
    description:
      'Returns the Quality Pulse org overview: every group (org, departments, squads) in catalog order, ' +
      'never a ranking, with its quality budget state (squads), how many squads below it are within, ' +
      'at risk or breached, its open bugs and its escaped defect rate with the counts behind it.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          windowDays: z
            .number()
            .int()
            .min(1)
            .max(730)
            .optional()
            .describe('Days the escaped defect rate covers (default 90)'),
        }),
      output: z =>
        z.object({
          groups: z.array(
            z.object({
              groupRef: z.string(),
              title: z.string(),
              type: z.string(),
              parentRef: z.string().nullable(),
              budgetState: z.enum(['within', 'at-risk', 'breached']).nullable(),
              squadBudgets: z.object({
                within: z.number(),
                atRisk: z.number(),
                breached: z.number(),
              }),
              openBugs: z.number(),
              escaped: z.number(),
              created: z.number(),
            }),
          ),
        }),
    },
    examples: [
      { title: 'Which squads have breached their budget?', input: {} },
    ],
    action: async ({ input, credentials }) => {
      const org = await orgOf(credentials);
      const overview = await metrics.orgOverview(
        org,
        figures(input.windowDays),
      );
      const groups: Array<ReturnType<typeof groupLine>> = [];
      const walk = (node: OrgOverviewNode, parentRef: string | null) => {
        groups.push(groupLine(node, parentRef));
        node.children.forEach(child => walk(child, node.groupRef));
      };
      overview.roots.forEach(root => walk(root, null));
      return { output: { groups } };
    },
  });

  actionsRegistry.register({
    name: 'get-squad-quality-budget',
    title: "Get a squad's quality budget and what consumes it",
    description:
      "Returns a squad's quality budget (state, ceilings and what is used) and the open bugs that consume it, " +
      'oldest first, each with its service, severity, age and link. Accepts group:default/payments-squad or a bare name.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          squad: squadInput(z),
        }),
      output: z =>
        z.object({
          squad: z.string(),
          title: z.string(),
          budget: z
            .object({
              state: z.enum(['within', 'at-risk', 'breached']),
              openP2: z.object({ used: z.number(), ceiling: z.number() }),
              agedCritical: z.object({
                used: z.number(),
                ceiling: z.number(),
                nearlyAged: z.number(),
              }),
            })
            .nullable(),
          consumers: z.array(
            z.object({
              title: z.string(),
              severity: z.string(),
              entityRef: z.string(),
              ageDays: z.number(),
              url: z.string().nullable(),
            }),
          ),
        }),
    },
    examples: [
      {
        title: "Why is the payments squad's budget breached?",
        input: { squad: 'payments-squad' },
      },
    ],
    action: async ({ input, credentials }) => {
      const { org, group } = await squadOf(credentials, input.squad);
      const summary = await metrics.squadSummary(org, group, figures());
      return {
        output: {
          squad: group.ref,
          title: summary.title,
          budget: summary.budget && {
            state: summary.budget.state,
            openP2: summary.budget.openP2,
            agedCritical: summary.budget.agedCritical,
          },
          consumers: summary.budgetConsumers.map(bug => ({
            title: bug.title,
            severity: bug.severity,
            entityRef: bug.entityRef,
            ageDays: bug.ageDays,
            url: bug.url,
          })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-overdue-postmortem-actions',
    title: "List a squad's overdue post-mortem actions and follow-up reviews",
    description:
      'Returns the open post-mortem action items past their due date for everything a squad owns, with the ' +
      'post-mortem they belong to, and the four-week follow-up reviews that are due or overdue.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          squad: squadInput(z),
        }),
      output: z =>
        z.object({
          squad: z.string(),
          overdueActions: z.array(
            z.object({
              text: z.string(),
              due: z.string().nullable(),
              owner: z.string().nullable(),
              entityRef: z.string(),
              postmortemTitle: z.string(),
              postmortemUrl: z.string(),
            }),
          ),
          followUpsDue: z.array(
            z.object({
              title: z.string(),
              url: z.string(),
              entityRef: z.string(),
              dueAt: z.string(),
              overdue: z.boolean(),
              openActions: z.number(),
            }),
          ),
        }),
    },
    examples: [
      {
        title: 'What has the checkout squad not closed?',
        input: { squad: 'checkout-squad' },
      },
    ],
    action: async ({ input, credentials }) => {
      const { org, group } = await squadOf(credentials, input.squad);
      const loop = await metrics.learningLoop(org.entitiesOf(group.ref), now());
      return {
        output: {
          squad: group.ref,
          overdueActions: loop.overdueActions.map(action => ({
            text: action.text,
            due: action.due,
            owner: action.owner,
            entityRef: action.entityRef,
            postmortemTitle: action.postmortemTitle,
            postmortemUrl: action.postmortemUrl,
          })),
          followUpsDue: loop.followUpsDue.map(due => ({
            title: due.title,
            url: due.url,
            entityRef: due.entityRef,
            dueAt: due.dueAt,
            overdue: due.overdue,
            openActions: due.openActions,
          })),
        },
      };
    },
  });
}

function groupLine(node: OrgOverviewNode, parentRef: string | null) {
  return {
    groupRef: node.groupRef,
    title: node.title,
    type: node.type,
    parentRef,
    budgetState: node.budget?.state ?? null,
    squadBudgets: node.squadBudgets,
    openBugs: node.openBugs.total,
    escaped: node.escapedDefectRate.numerator,
    created: node.escapedDefectRate.denominator,
  };
}
