import { AuthenticationError, NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { WebhookDeliveryStore } from '../database/WebhookDeliveryStore';
import { QualitySyncEngine } from '../sync/QualitySyncEngine';

const DAY = 24 * 60 * 60 * 1000;
export const WEBHOOK_BODY_LIMIT = '1mb';
/**
 * How long a delivery id is remembered. A vendor that signs a timestamp has
 * its old deliveries refused by `verify` (minutes of tolerance), so a day is
 * ample; one that signs none (GitHub, PagerDuty) could see a recorded
 * delivery replayed at any time, so ids are kept for three months — past that
 * a replay can only start one more sync, which is idempotent and coalesced.
 */
const REMEMBER_SIGNED_MS = DAY;
const REMEMBER_UNSIGNED_MS = 90 * DAY;
/**
 * Deliveries arriving in a burst start one sync per provider, not one each:
 * the first starts it at once, later ones within the interval one more run
 * at its end (a change they announce may be behind the running sync).
 */
const TRIGGER_INTERVAL_MS = 10_000;

/** Exported for its test. */
export function coalescedTrigger(
  engine: Pick<QualitySyncEngine, 'triggerSync'>,
  now: () => number,
) {
  const lastRun = new Map<string, number>();
  const pending = new Set<string>();
  const run = (providerId: string) => {
    lastRun.set(providerId, now());
    return engine.triggerSync(providerId);
  };
  return async (providerId: string) => {
    if (pending.has(providerId)) return;
    const wait =
      (lastRun.get(providerId) ?? -Infinity) + TRIGGER_INTERVAL_MS - now();
    if (wait <= 0) {
      await run(providerId);
      return;
    }
    pending.add(providerId);
    setTimeout(() => {
      pending.delete(providerId);
      run(providerId).catch(() => {
        // The scheduled interval runs the sync anyway.
      });
    }, wait).unref();
  };
}

/**
 * `POST /v1/webhooks/:providerId`. Vendors cannot send Backstage tokens, so
 * the route is open and the provider's signature check is the
 * authentication: an unsigned or wrongly signed delivery gets a 401, a
 * replayed one a 200 that changes nothing, a new one a 202 and the
 * provider's sync runs now (once across backend instances, through the
 * scheduler). A delivery counts once whichever provider it is posted to:
 * providers may share a secret (GitHub's issues and deployments).
 */
export function webhookRouter(options: {
  deliveries: WebhookDeliveryStore;
  engine: QualitySyncEngine;
  now: () => number;
}): express.Router {
  const { deliveries, engine, now } = options;
  const trigger = coalescedTrigger(engine, now);
  // Promise-aware, so a thrown 401 or 404 reaches the error middleware.
  const router = Router();
  router.post(
    '/v1/webhooks/:providerId',
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    async (req, res) => {
      const provider = engine.provider(req.params.providerId);
      if (!provider?.webhook) {
        throw new NotFoundError(
          `No provider "${req.params.providerId}" takes webhooks`,
        );
      }
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [
          name.toLowerCase(),
          Array.isArray(value) ? value.join(',') : value,
        ]),
      );
      const at = now();
      const verdict = provider.webhook.verify(
        { rawBody, headers },
        new Date(at),
      );
      if ('rejected' in verdict) {
        throw new AuthenticationError(
          `Webhook for ${provider.id} refused: ${verdict.rejected}`,
        );
      }
      const isNew = await deliveries.remember({
        deliveryId: verdict.deliveryId,
        providerId: provider.id,
        receivedAt: at,
        keepUntil:
          at + (verdict.signedAt ? REMEMBER_SIGNED_MS : REMEMBER_UNSIGNED_MS),
      });
      if (!isNew) {
        res.status(200).json({ status: 'duplicate' });
        return;
      }
      await trigger(provider.id);
      res.status(202).json({ status: 'accepted' });
    },
  );
  return router;
}
