import { createHash } from 'node:crypto';
import { Knex } from 'knex';

/** Webhook deliveries already accepted, by delivery id, for replay detection. */
export class WebhookDeliveryStore {
  constructor(private readonly db: Knex) {}

  /**
   * Records a delivery; false when it was seen before (a replay, or the same
   * delivery posted to a second provider). Expired records are pruned first.
   */
  async remember(delivery: {
    deliveryId: string;
    providerId: string;
    receivedAt: number;
    keepUntil: number;
  }): Promise<boolean> {
    await this.db('quality_webhook_seen')
      .where('keep_until', '<', delivery.receivedAt)
      .delete();
    const inserted = await this.db('quality_webhook_seen')
      .insert({
        // Hashed: ids are the vendor's text, of any length.
        delivery_key: createHash('sha256')
          .update(delivery.deliveryId)
          .digest('hex'),
        provider_id: delivery.providerId,
        received_at: delivery.receivedAt,
        keep_until: delivery.keepUntil,
      })
      .onConflict('delivery_key')
      .ignore()
      .returning('delivery_key');
    return inserted.length > 0;
  }
}
