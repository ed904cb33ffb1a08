import { qualityPushCreatePermission } from '@quality-pulse/plugin-quality-common';
import { QualityRouter, RouteContext } from './context';
import { AnyRequest } from '../access';

/** Items pushed through the API are stored under this provider id. */
export const PUSH_SOURCE = 'push';

/**
 * `POST /v1/deployments`, `/v1/incidents`, `/v1/bugs`. Pushed items come from
 * CI and tools, never from people: only service credentials (another plugin,
 * or a static token from backend.auth.externalAccess) holding
 * `quality.push.create` are accepted. Each push is validated whole and stored
 * in one transaction: a bad field gets a 400 naming it, and nothing of the
 * request is written.
 */
export function pushRoutes(router: QualityRouter, context: RouteContext) {
  async function pushStore(req: AnyRequest) {
    await context.access.requestCredentials(
      req,
      qualityPushCreatePermission,
      'push quality data',
      ['service'],
    );
    return context.stores.items(PUSH_SOURCE, {
      now: context.now,
      entityKinds: context.entityKinds,
    });
  }

  router.post('/v1/deployments', async (req, res) => {
    const store = await pushStore(req);
    // Typed by the contract (generated); times come as ISO 8601 text.
    const { items } = req.body;
    await store.upsertDeployments(
      items.map(item => ({ ...item, deployedAt: new Date(item.deployedAt) })),
    );
    res.json({ stored: items.length });
  });

  router.post('/v1/incidents', async (req, res) => {
    const store = await pushStore(req);
    const { items } = req.body;
    await store.upsertIncidents(
      items.map(item => ({
        ...item,
        startedAt: new Date(item.startedAt),
        acknowledgedAt: optionalDate(item.acknowledgedAt),
        resolvedAt: optionalDate(item.resolvedAt),
      })),
    );
    res.json({ stored: items.length });
  });

  router.post('/v1/bugs', async (req, res) => {
    const store = await pushStore(req);
    const { items } = req.body;
    await store.upsertBugs(
      items.map(item => ({
        ...item,
        history: item.history.map(entry => ({
          ...entry,
          at: new Date(entry.at),
        })),
      })),
    );
    res.json({ stored: items.length });
  });
}

function optionalDate(value: string | undefined): Date | undefined {
  return value === undefined ? undefined : new Date(value);
}
