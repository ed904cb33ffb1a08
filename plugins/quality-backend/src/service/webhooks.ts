import { AuthenticationError, NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import { QualitySyncEngine } from '../sync/QualitySyncEngine';

const WEEK = 7 * 24 * 60 * 60 * 1000;
export const WEBHOOK_BODY_LIMIT = '1mb';

/**
 * `POST /v1/webhooks/:providerId`. Vendors cannot send Backstage tokens, so
 * the route is open and the provider's signature check is the
 * authentication: an unsigned or wrongly signed delivery gets a 401, a
 * replayed one a 200 that changes nothing, a new one a 202 and the
 * provider's sync runs now (once across backend instances, through the
 * scheduler).
 */
export function webhookRouter(options: {
  db: Knex;
  engine: QualitySyncEngine;
  now: () => number;
}): express.Router {
  const { db, engine, now } = options;
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
      const verdict = provider.webhook.verify(
        { rawBody, headers },
        new Date(now()),
      );
      if ('rejected' in verdict) {
        throw new AuthenticationError(
          `Webhook for ${provider.id} refused: ${verdict.rejected}`,
        );
      }
      await db('quality_webhook_deliveries')
        .where('received_at', '<', now() - WEEK)
        .delete();
      const inserted = await db('quality_webhook_deliveries')
        .insert({
          provider_id: provider.id,
          delivery_id: verdict.deliveryId.slice(0, 255),
          received_at: now(),
        })
        .onConflict(['provider_id', 'delivery_id'])
        .ignore()
        .returning('delivery_id');
      if (inserted.length === 0) {
        res.status(200).json({ status: 'duplicate' });
        return;
      }
      await engine.triggerSync(provider.id);
      res.status(202).json({ status: 'accepted' });
    },
  );
  return router;
}
