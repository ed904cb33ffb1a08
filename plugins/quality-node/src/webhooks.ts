import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Webhooks nudge a provider to sync now instead of at its next interval;
 * polling stays the source of truth. The provider only verifies that a
 * delivery is genuine and names it; the backend rejects replays and
 * triggers the provider's sync.
 */

/** A webhook delivery as the backend received it. @public */
export interface QualityWebhookRequest {
  /** The body exactly as sent: signatures are over these bytes. */
  rawBody: Buffer;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
}

/**
 * A genuine delivery: the vendor's delivery id, which the backend remembers
 * to refuse the same delivery twice, and when the vendor signed it, where the
 * signature covers a timestamp that `verify` checked against a tolerance.
 *
 * @public
 */
export interface QualityWebhookDelivery {
  deliveryId: string;
  /**
   * Set only when the signature covers the time and `verify` refused old
   * deliveries: the id then needs remembering only for that tolerance.
   * Without it a recorded delivery could be replayed at any time, and the
   * backend remembers ids for much longer.
   */
  signedAt?: Date;
}

/** @public */
export interface QualityWebhook {
  /**
   * Checks the delivery's signature (and timestamp, when the vendor signs
   * one). Returns the delivery, or a reason it is refused.
   */
  verify(
    request: QualityWebhookRequest,
    now: Date,
  ): QualityWebhookDelivery | { rejected: string };
}

/** Constant-time comparison of two signatures. @public */
export function signaturesMatch(expected: Buffer, given: Buffer): boolean {
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** HMAC-SHA256 of the body, as GitHub (`sha256=<hex>`) and PagerDuty (`v1=<hex>`) sign. @public */
export function hmacSha256Hex(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Verifies a Standard Webhooks / Svix signature (incident.io): the
 * base64 HMAC-SHA256, keyed with the base64 part of a `whsec_` secret, of
 * `<id>.<timestamp>.<body>`, among the space-separated `v1,<sig>` entries,
 * with the timestamp within `toleranceSeconds` of now.
 *
 * @public
 */
export function verifyStandardWebhook(
  request: QualityWebhookRequest,
  secret: string,
  now: Date,
  toleranceSeconds = 300,
): QualityWebhookDelivery | { rejected: string } {
  const id = request.headers['webhook-id'];
  const timestamp = request.headers['webhook-timestamp'];
  const signatures = request.headers['webhook-signature'];
  if (!id || !timestamp || !signatures) {
    return {
      rejected:
        'webhook-id, webhook-timestamp and webhook-signature are required',
    };
  }
  const sentAt = Number(timestamp);
  if (
    !Number.isFinite(sentAt) ||
    Math.abs(now.getTime() / 1000 - sentAt) > toleranceSeconds
  ) {
    return { rejected: 'webhook-timestamp is outside the tolerance' };
  }
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${id}.${timestamp}.`)
    .update(request.rawBody)
    .digest();
  const valid = signatures
    .split(' ')
    .map(entry => entry.split(','))
    .some(
      ([version, signature]) =>
        version === 'v1' &&
        !!signature &&
        signaturesMatch(expected, Buffer.from(signature, 'base64')),
    );
  return valid
    ? { deliveryId: id, signedAt: new Date(sentAt * 1000) }
    : { rejected: 'signature does not match' };
}
