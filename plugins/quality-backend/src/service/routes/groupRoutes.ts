import {
  qualityMetricsReadPermission,
  qualityScorecardReadPermission,
} from '@quality-pulse/plugin-quality-common';
import { describeWindow } from '../../metrics/scopeMetrics';
import { itemListQuery } from '../validation';
import { answerKey, QualityRouter, RouteContext } from './context';
import { AnyRequest } from '../access';
import { Organisation, OrgGroup } from '../../catalog/organisation';

/**
 * `/v1/groups/{namespace}/{name}/…` and `/v1/org/…`: rollups over the org as
 * the caller sees it in the catalog, so a hidden service adds nothing to any
 * figure; answers are cached per caller's view.
 */
export function groupRoutes(router: QualityRouter, context: RouteContext) {
  const { metrics, requests, answers, now } = context;
  const read = (req: AnyRequest) =>
    requests.group(req, qualityMetricsReadPermission);
  const figures = () => ({
    now: now(),
    defaultCeilings: context.budgetCeilings,
  });

  router.get('/v1/groups/:namespace/:name/summary', async (req, res) => {
    const { org, group, window, principal } = await read(req);
    const scope = org.entitiesOf(group.ref);
    await answers.send(res, answerKey(req, principal), scope, versions =>
      metrics.squadSummary(org, group, { window, ...figures() }, versions),
    );
  });

  router.get('/v1/groups/:namespace/:name/timeseries', async (req, res) => {
    const { org, group, window, principal } = await read(req);
    const scope = org.entitiesOf(group.ref);
    await answers.send(res, answerKey(req, principal), scope, async () => ({
      groupRef: group.ref,
      window: describeWindow(window),
      ...(await metrics.timeSeries(scope, window)),
    }));
  });

  router.get('/v1/groups/:namespace/:name/trends', async (req, res) => {
    const { org, group, principal } = await read(req);
    const scope = org.entitiesOf(group.ref);
    await answers.send(res, answerKey(req, principal), scope, async () => ({
      groupRef: group.ref,
      months: await metrics.monthlyTrends(scope, now()),
    }));
  });

  router.get('/v1/groups/:namespace/:name/items', async (req, res) => {
    const { org, group, window } = await read(req);
    res.json(
      await metrics.itemList(
        org.entitiesOf(group.ref),
        itemListQuery(req.query, window),
      ),
    );
  });

  router.get('/v1/groups/:namespace/:name/scorecard', async (req, res) => {
    const { org, group } = await requests.group(
      req,
      qualityScorecardReadPermission,
    );
    const { scorecard } = await context.scorecards.scorecardFor(
      { ref: group.ref, kind: 'squad' },
      {
        org,
        target: { ref: group.ref, kind: 'group', type: 'team', tags: [] },
      },
    );
    res.json(scorecard);
  });

  router.get('/v1/org/overview', async (req, res) => {
    const { org, window, principal } = await requests.org(
      req,
      qualityMetricsReadPermission,
    );
    await answers.send(
      res,
      answerKey(req, principal),
      org.allEntityRefs(),
      () => metrics.orgOverview(org, { window, ...figures() }),
    );
  });

  router.get('/v1/org/trends', async (req, res) => {
    const { org, principal } = await requests.org(
      req,
      qualityMetricsReadPermission,
    );
    const at = now();
    await answers.send(
      res,
      answerKey(req, principal),
      org.allEntityRefs(),
      async () => ({
        months: await metrics.monthlyTrends(org.allEntityRefs(), at),
        departments: await Promise.all(
          departmentsOf(org).map(async group => ({
            groupRef: group.ref,
            title: group.title,
            months: await metrics.monthlyTrends(org.entitiesOf(group.ref), at),
          })),
        ),
      }),
    );
  });

  router.get('/v1/org/timeseries', async (req, res) => {
    const { org, window, principal } = await requests.org(
      req,
      qualityMetricsReadPermission,
    );
    const scope = org.allEntityRefs();
    await answers.send(res, answerKey(req, principal), scope, async () => ({
      window: describeWindow(window),
      ...(await metrics.timeSeries(scope, window)),
    }));
  });
}

/** The departments of the org, in catalog order (the tree walked from its roots). */
function departmentsOf(org: Organisation): OrgGroup[] {
  const found: OrgGroup[] = [];
  const walk = (group: OrgGroup) => {
    if (group.type === 'department') found.push(group);
    group.childRefs.forEach(ref => {
      const child = org.get(ref);
      if (child) walk(child);
    });
  };
  org.roots().forEach(walk);
  return found;
}
