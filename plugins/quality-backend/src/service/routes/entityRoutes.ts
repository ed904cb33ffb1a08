import {
  qualityMetricsReadPermission,
  qualityScorecardReadPermission,
} from '@quality-pulse/plugin-quality-common';
import { scoredComponent } from '../../catalog/scoredComponent';
import { describeWindow } from '../../metrics/scopeMetrics';
import { itemListQuery } from '../validation';
import { answerKey, QualityRouter, RouteContext } from './context';
import { AnyRequest } from '../access';

/** `/v1/entities/{kind}/{namespace}/{name}/…`: one catalog entity the caller sees. */
export function entityRoutes(router: QualityRouter, context: RouteContext) {
  const { metrics, requests, answers, access, now } = context;
  const read = (req: AnyRequest) =>
    requests.entity(req, qualityMetricsReadPermission);

  router.get(
    '/v1/entities/:kind/:namespace/:name/summary',
    async (req, res) => {
      const { entityRef, window } = await read(req);
      await answers.send(res, answerKey(req), [entityRef], versions =>
        metrics.entitySummary(entityRef, window, versions),
      );
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/timeseries',
    async (req, res) => {
      const { entityRef, window } = await read(req);
      await answers.send(res, answerKey(req), [entityRef], async () => ({
        entityRef,
        window: describeWindow(window),
        ...(await metrics.timeSeries([entityRef], window)),
      }));
    },
  );

  router.get('/v1/entities/:kind/:namespace/:name/items', async (req, res) => {
    const { entityRef, window } = await read(req);
    res.json(
      await metrics.itemList([entityRef], itemListQuery(req.query, window)),
    );
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/postmortems',
    async (req, res) => {
      const { entityRef, window } = await read(req);
      res.json({
        entityRef,
        window: describeWindow(window),
        postmortems: await metrics.postmortems(entityRef, window, now()),
      });
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/scorecard',
    async (req, res) => {
      const { entityRef, credentials } = await requests.entity(
        req,
        qualityScorecardReadPermission,
      );
      const [entity, org] = await Promise.all([
        access.entity(credentials, entityRef),
        access.org(credentials),
      ]);
      const { scorecard } = await context.scorecards.scorecardFor(
        { ref: entityRef, kind: 'entity' },
        {
          org,
          target: {
            ...scoredComponent(entity),
            kind: entity.kind.toLocaleLowerCase('en-US'),
          },
        },
      );
      res.json(scorecard);
    },
  );
}
