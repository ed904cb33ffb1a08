import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  DurationStats,
  EntityQualitySummary,
  QUALITY_ITEM_LISTS,
  qualityMetricsReadPermission,
  Ratio,
  SEVERITIES,
} from '@quality-pulse/plugin-quality-common';
import { describeWindow } from '../metrics/scopeMetrics';
import { TimeWindow, windowFromQuery } from '../metrics/window';
import {
  ActionReaders,
  roundedHours,
  READ_ONLY,
  scopeInput,
  visibleScope,
} from './scope';

// The output shapes the figure actions share (zod, from the registry).
const ratioShape = (z: any) =>
  z.object({
    numerator: z.number(),
    denominator: z.number(),
    rate: z.number().nullable(),
    lowConfidence: z.boolean(),
  });
const durationShape = (z: any) =>
  z.object({ count: z.number(), medianHours: z.number().nullable() });
const figuresShape = (z: any) =>
  z.object({
    window: z.object({
      start: z.string(),
      end: z.string(),
      days: z.number(),
    }),
    escapedDefectRate: ratioShape(z),
    reworkRate: ratioShape(z),
    rootCauseCoverage: ratioShape(z),
    mttrCritical: durationShape(z),
    bugTimeToFixCritical: durationShape(z),
  });

/** The windowed figures an entity's and a squad's summary share. */
type WindowedFigures = Pick<
  EntityQualitySummary,
  | 'escapedDefectRate'
  | 'reworkRate'
  | 'rootCauseCoverage'
  | 'mttr'
  | 'bugTimeToFix'
>;

/**
 * Registers the actions that explain a figure of a service or squad: the
 * items behind any number (the lists the dialogs show) and what changed
 * between the last window and the one before it. The caller's permission and
 * catalog view decide what counts, as on the routes.
 */
export function registerFigureActions(options: ActionReaders) {
  const { actionsRegistry, access, metrics } = options;
  const now = options.now ?? Date.now;

  /** The service or squad asked about and the services behind its figures. */
  async function scopeOf(credentials: BackstageCredentials, input: string) {
    await access.authorize(
      credentials,
      qualityMetricsReadPermission,
      'read quality data',
    );
    const scope = await visibleScope(access, credentials, input);
    if (scope.kind === 'entity') {
      return { ...scope, entityRefs: [scope.ref] };
    }
    const { org, group } = await access.group(credentials, scope.ref);
    return { ...scope, org, group, entityRefs: org.entitiesOf(group.ref) };
  }

  const windowOf = (windowDays?: number) =>
    windowFromQuery(
      { windowDays },
      { now: now(), defaultDays: options.defaultWindowDays },
    );

  actionsRegistry.register({
    name: 'list-quality-items',
    title: 'List the bugs, incidents or deployments behind a quality figure',
    description:
      'Returns the items behind a number of a service or squad, newest first, as the Quality tab lists them: ' +
      'open-bugs (the open bug count), created-bugs and escaped-bugs (the escaped defect rate), ' +
      'resolved-incidents (MTTR), deployments and remediation-deployments (the rework rate). ' +
      'Each item has its title, severity, time and link into its tracker.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          entityRef: scopeInput(z),
          list: z.enum(QUALITY_ITEM_LISTS),
          severities: z.array(z.enum(SEVERITIES)).optional(),
          windowDays: z.number().int().min(1).max(730).optional(),
          limit: z.number().int().min(1).max(100).optional(),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          list: z.string(),
          window: z.object({
            start: z.string(),
            end: z.string(),
            days: z.number(),
          }),
          total: z.number(),
          items: z.array(
            z.object({
              kind: z.string(),
              title: z.string(),
              entityRef: z.string(),
              severity: z.string().nullable(),
              at: z.string(),
              durationHours: z.number().nullable(),
              flagged: z.boolean().nullable(),
              url: z.string().nullable(),
            }),
          ),
        }),
    },
    examples: [
      {
        title: 'Which bugs escaped from payments-api in the last 30 days?',
        input: {
          entityRef: 'payments-api',
          list: 'escaped-bugs',
          windowDays: 30,
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const scope = await scopeOf(credentials, input.entityRef);
      const window = windowOf(input.windowDays);
      const page = await metrics.itemList(scope.entityRefs, {
        list: input.list,
        window,
        severities: input.severities,
        limit: input.limit ?? 20,
        offset: 0,
      });
      return {
        output: {
          entityRef: scope.ref,
          list: input.list,
          window: page.window,
          total: page.total,
          items: page.items.map(item => ({
            kind: item.kind,
            title: item.title,
            entityRef: item.entityRef,
            severity: item.severity,
            at: item.at,
            durationHours: roundedHours(item.durationMs),
            flagged: item.flagged,
            url: item.url,
          })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'compare-quality-windows',
    title: 'Compare the quality of a service or squad with the window before',
    description:
      'Returns the escaped defect rate, rework rate and root-cause coverage (each with numerator and denominator, ' +
      'and marked low-confidence under 10 items), the P0/P1 MTTR median and the P0/P1 bug time to fix median of a ' +
      'service or squad for the last windowDays days and for the windowDays days before them.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          entityRef: scopeInput(z),
          windowDays: z
            .number()
            .int()
            .min(1)
            .max(365)
            .optional()
            .describe('Length of each window in days (default 30)'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          before: figuresShape(z),
          now: figuresShape(z),
        }),
    },
    examples: [
      {
        title: 'Did the checkout squad get better this month?',
        input: { entityRef: 'checkout-squad', windowDays: 30 },
      },
    ],
    action: async ({ input, credentials }) => {
      const scope = await scopeOf(credentials, input.entityRef);
      const current = windowOf(input.windowDays ?? 30);
      const previous: TimeWindow = {
        start: current.start - (current.end - current.start),
        end: current.start,
        days: current.days,
      };
      const summaryOf = (window: TimeWindow): Promise<WindowedFigures> =>
        'group' in scope
          ? metrics.squadSummary(scope.org, scope.group, {
              window,
              now: now(),
              defaultCeilings: options.budgetCeilings,
            })
          : metrics.entitySummary(scope.ref, window);
      const [before, after] = await Promise.all([
        summaryOf(previous),
        summaryOf(current),
      ]);
      const figuresOf = (summary: WindowedFigures, window: TimeWindow) => ({
        window: describeWindow(window),
        escapedDefectRate: ratioParts(summary.escapedDefectRate),
        reworkRate: ratioParts(summary.reworkRate),
        rootCauseCoverage: ratioParts(summary.rootCauseCoverage),
        mttrCritical: medianOf(summary.mttr.critical),
        bugTimeToFixCritical: medianOf(summary.bugTimeToFix.critical),
      });
      return {
        output: {
          entityRef: scope.ref,
          before: figuresOf(before, previous),
          now: figuresOf(after, current),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-quality-trends',
    title: 'Get the monthly quality trends of a service or squad',
    description:
      'Returns, per calendar month (UTC) of the last months (12 by default), the escaped defect rate, the rework ' +
      'rate and the root-cause coverage with their numerators and denominators (low-confidence under 10 items), ' +
      'the P0/P1 MTTR median with its incident count, and the open bugs at month end, oldest month first.',
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({
          entityRef: scopeInput(z),
          months: z.number().int().min(1).max(24).optional(),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          months: z.array(
            z.object({
              month: z.string(),
              escapedDefectRate: ratioShape(z),
              reworkRate: ratioShape(z),
              rootCauseCoverage: ratioShape(z),
              mttrCritical: durationShape(z),
              openBugsAtMonthEnd: z.number(),
            }),
          ),
        }),
    },
    examples: [
      {
        title: 'Has the payments squad escaped fewer bugs this year?',
        input: { entityRef: 'payments-squad' },
      },
    ],
    action: async ({ input, credentials }) => {
      const scope = await scopeOf(credentials, input.entityRef);
      const points = await metrics.monthlyTrends(
        scope.entityRefs,
        now(),
        input.months ?? 12,
      );
      return {
        output: {
          entityRef: scope.ref,
          months: points.map(point => ({
            month: point.month,
            escapedDefectRate: ratioParts(point.escapedDefectRate),
            reworkRate: ratioParts(point.reworkRate),
            rootCauseCoverage: ratioParts(point.rootCauseCoverage),
            mttrCritical: medianOf(point.mttrCritical),
            openBugsAtMonthEnd: point.openBugsAtMonthEnd,
          })),
        },
      };
    },
  });
}

function ratioParts(ratio: Ratio) {
  const { numerator, denominator, rate, lowConfidence } = ratio;
  return { numerator, denominator, rate, lowConfidence };
}

function medianOf(stats: DurationStats) {
  return { count: stats.count, medianHours: roundedHours(stats.medianMs) };
}
