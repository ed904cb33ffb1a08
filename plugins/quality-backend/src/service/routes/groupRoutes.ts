import {
  qualityMetricsReadPermission,
  qualityScorecardReadPermission,
} from '@quality-pulse/plugin-quality-common';
import { describeWindow } from '../../metrics/scopeMetrics';
import { itemListQuery } from '../validation';
import { answerKey, QualityRouter, RouteContext } from './context';
import { AnyRequest } from '../access';

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
    await answers.send(res, answerKey(req, principal), scope, () =>
      metrics.squadSummary(org, group, { window, ...figures() }),
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
