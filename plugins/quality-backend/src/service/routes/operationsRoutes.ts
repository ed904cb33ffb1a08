import {
  qualityAdminReadPermission,
  qualityOpenMetricsReadPermission,
  qualityScorecardReadPermission,
} from '@quality-pulse/plugin-quality-common';
import { renderOpenMetrics } from '../../scorecards/openMetrics';
import { QualityRouter, RouteContext } from './context';

/**
 * Views of the whole installation, whatever the caller sees in the catalog:
 * each behind a permission of its own that a policy grants to platform admins
 * and the metrics scraper only (README, "Security").
 */
export function operationsRoutes(router: QualityRouter, context: RouteContext) {
  const { access, scorecards } = context;
  const { syncState } = context.stores;

  router.get('/v1/scorecards/policy', async (req, res) => {
    // The policy is config: check names and thresholds, no entity in it.
    await access.requestCredentials(
      req,
      qualityScorecardReadPermission,
      'read scorecards',
    );
    res.json(scorecards.policy);
  });

  router.post('/v1/scorecards/evaluate', async (req, res) => {
    await access.requestCredentials(
      req,
      qualityAdminReadPermission,
      'ask for a scorecard evaluation',
    );
    res.status(202).json({ status: await context.requestEvaluation() });
  });

  // Scraped by Prometheus with a static token (backend.auth.externalAccess):
  // one request reports the whole org, read from the last evaluation.
  router.get('/v1/metrics', async (req, res) => {
    await access.requestCredentials(
      req,
      qualityOpenMetricsReadPermission,
      'read the quality metrics endpoint',
    );
    const [cards, evaluatedAt] = await Promise.all([
      scorecards.store.loadAll(),
      scorecards.store.lastEvaluatedAt(),
    ]);
    res
      .type('text/plain; version=0.0.4; charset=utf-8')
      .send(
        renderOpenMetrics([...cards.values()], scorecards.policy, evaluatedAt),
      );
  });

  router.get('/v1/sync-status', async (req, res) => {
    await access.requestCredentials(
      req,
      qualityAdminReadPermission,
      'read the sync status',
    );
    const states = await syncState.list();
    res.json({
      providers: context.engine.listProviders().map(provider => ({
        ...provider,
        reads: [...provider.reads],
        scopes: states
          .filter(state => state.providerId === provider.id)
          .map(state => ({
            scope: state.scope,
            lastStartedAt: isoOrNull(state.lastStartedAt),
            lastSucceededAt: isoOrNull(state.lastSucceededAt),
            lastError: state.lastError,
            lastErrorAt: isoOrNull(state.lastErrorAt),
            itemsSkipped: state.itemsSkipped,
            lastSkipReason: state.lastSkipReason,
          })),
      })),
    });
  });
}

function isoOrNull(millis: number | null): string | null {
  return millis === null ? null : new Date(millis).toISOString();
}
