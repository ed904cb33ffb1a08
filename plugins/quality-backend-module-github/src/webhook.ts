import {
  hmacSha256Hex,
  QualityWebhook,
  signaturesMatch,
} from '@quality-pulse/plugin-quality-node';

/**
 * GitHub's webhook signature: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256
 * of the body>` with the webhook's secret; `X-GitHub-Delivery` names the
 * delivery. Any signed event (a `ping` too) makes the provider sync now:
 * its incremental run reads only what changed, so an event it does not need
 * costs a request or two.
 */
export function githubWebhook(
  secret: string | undefined,
): QualityWebhook | undefined {
  if (!secret) return undefined;
  return {
    verify({ rawBody, headers }) {
      const expected = Buffer.from(`sha256=${hmacSha256Hex(secret, rawBody)}`);
      const given = Buffer.from(headers['x-hub-signature-256'] ?? '');
      if (!signaturesMatch(expected, given)) {
        return { rejected: 'X-Hub-Signature-256 does not match' };
      }
      const delivery = headers['x-github-delivery'];
      return delivery
        ? { deliveryId: delivery }
        : { rejected: 'X-GitHub-Delivery is missing' };
    },
  };
}
