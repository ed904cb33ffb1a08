import { qualityMetricsReadPermission } from '@quality-pulse/plugin-quality-common';
import { initiativeReport } from '../../initiatives/initiativeReport';
import { answerKey, QualityRouter, RouteContext } from './context';

/**
 * `/v1/org/initiatives` and `/v1/groups/{namespace}/{name}/initiatives`: the
 * initiatives of app-config over the org as the caller sees it, so a hidden
 * group is not in any tree and a hidden service adds nothing to any value;
 * answers are cached per caller's view until the data under them changes.
 */
export function initiativeRoutes(router: QualityRouter, context: RouteContext) {
  const { metrics, requests, answers, now, initiatives } = context;
  const reportOptions = (
    org: Parameters<typeof initiativeReport>[1]['org'],
  ) => ({
    metrics,
    org,
    now: now(),
    defaultCeilings: context.budgetCeilings,
  });

  router.get('/v1/org/initiatives', async (req, res) => {
    const { org, principal } = await requests.org(
      req,
      qualityMetricsReadPermission,
    );
    await answers.send(
      res,
      answerKey(req, principal),
      org.allEntityRefs(),
      async () => {
        const options = reportOptions(org);
        const reports = await Promise.all(
          initiatives.map(definition => initiativeReport(definition, options)),
        );
        return { initiatives: reports.filter(r => r !== undefined) };
      },
    );
  });

  router.get('/v1/groups/:namespace/:name/initiatives', async (req, res) => {
    const { org, group, principal } = await requests.group(
      req,
      qualityMetricsReadPermission,
    );
    await answers.send(
      res,
      answerKey(req, principal),
      org.allEntityRefs(),
      async () => {
        const options = reportOptions(org);
        const reports = await Promise.all(
          initiatives.map(definition =>
            initiativeReport(definition, options, group.ref),
          ),
        );
        return { initiatives: reports.filter(r => r !== undefined) };
      },
    );
  });
}
