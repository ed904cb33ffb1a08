import { qualityMetricsReadPermission } from '@quality-pulse/plugin-quality-common';
import { Organisation } from '../../catalog/organisation';
import { initiativeReport } from '../../initiatives/initiativeReport';
import { AnyRequest } from '../access';
import { answerKey, QualityRouter, RouteContext } from './context';

/**
 * `/v1/org/initiatives` and `/v1/groups/{namespace}/{name}/initiatives`: the
 * initiatives of app-config over the org as the caller sees it, so a hidden
 * group is not in any tree and a hidden service adds nothing to any value;
 * answers are cached per caller's view until the data under them changes.
 */
export function initiativeRoutes(router: QualityRouter, context: RouteContext) {
  const { metrics, requests, answers, now, initiatives } = context;

  /** Every initiative whose scope the caller sees (and that holds `focusRef`, with its points). */
  const answer = (
    req: AnyRequest,
    res: Parameters<typeof answers.send>[0],
    view: { org: Organisation; principal: string },
    focusRef?: string,
  ) =>
    answers.send(
      res,
      answerKey(req, view.principal),
      view.org.allEntityRefs(),
      async () => {
        const options = {
          metrics,
          org: view.org,
          now: now(),
          defaultCeilings: context.budgetCeilings,
        };
        const reports = await Promise.all(
          initiatives.map(d => initiativeReport(d, options, focusRef)),
        );
        return { initiatives: reports.filter(r => r !== undefined) };
      },
    );

  router.get('/v1/org/initiatives', async (req, res) => {
    await answer(
      req,
      res,
      await requests.org(req, qualityMetricsReadPermission),
    );
  });

  router.get('/v1/groups/:namespace/:name/initiatives', async (req, res) => {
    const view = await requests.group(req, qualityMetricsReadPermission);
    await answer(req, res, view, view.group.ref);
  });
}
