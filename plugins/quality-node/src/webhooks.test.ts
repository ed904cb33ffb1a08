import { createHmac } from 'crypto';
import { verifyStandardWebhook } from './webhooks';

// A Standard Webhooks (Svix) secret: whsec_ + base64 key, as incident.io issues them.
const SECRET = `whsec_${Buffer.from('incident-io-test-key-0123456789').toString(
  'base64',
)}`;
const NOW = new Date('2026-11-24T12:00:00Z');

function delivery(
  body: string,
  id = 'msg_2Kq',
  timestamp = NOW.getTime() / 1000,
) {
  const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
  const signature = createHmac('sha256', key)
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64');
  return {
    rawBody: Buffer.from(body),
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      // Rotating secrets send several signatures; one valid is enough.
      'webhook-signature': `v1,${Buffer.from('stale').toString(
        'base64',
      )} v1,${signature}`,
    },
  };
}

describe('verifyStandardWebhook', () => {
  const body = '{"event_type":"public_incident.incident_updated_v2"}';

  it('accepts a signed delivery and returns its id and the time it was signed', () => {
    const signedAt = Number(delivery(body).headers['webhook-timestamp']) * 1000;
    expect(verifyStandardWebhook(delivery(body), SECRET, NOW)).toEqual({
      deliveryId: 'msg_2Kq',
      signedAt: new Date(signedAt),
    });
  });

  it('refuses a changed body, another secret, an old timestamp and missing headers', () => {
    const valid = delivery(body);
    expect(
      verifyStandardWebhook(
        { ...valid, rawBody: Buffer.from('{}') },
        SECRET,
        NOW,
      ),
    ).toEqual({
      rejected: 'signature does not match',
    });
    expect(
      verifyStandardWebhook(
        valid,
        `whsec_${Buffer.from('another').toString('base64')}`,
        NOW,
      ),
    ).toEqual({ rejected: 'signature does not match' });
    expect(
      verifyStandardWebhook(
        delivery(body, 'msg_old', NOW.getTime() / 1000 - 600),
        SECRET,
        NOW,
      ),
    ).toEqual({ rejected: 'webhook-timestamp is outside the tolerance' });
    expect(
      verifyStandardWebhook(
        { rawBody: Buffer.from(body), headers: {} },
        SECRET,
        NOW,
      ),
    ).toEqual({
      rejected:
        'webhook-id, webhook-timestamp and webhook-signature are required',
    });
  });
});
