import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  hmacSha256Hex,
  QualityWebhook,
  signaturesMatch,
} from '@quality-pulse/plugin-quality-node';
import request from 'supertest';
import { qualityPlugin } from '../plugin';
import { providerModule } from '../__testUtils__/qualityTestBackend';

jest.setTimeout(60_000);

const SECRET = 'fixture-webhook-secret';
let syncs = 0;
let deploymentSyncs = 0;

/** Verifies like GitHub: `sha256=<hex of HMAC-SHA256(body)>`, delivery id in a header. */
const fixtureWebhook: QualityWebhook = {
  verify({ rawBody, headers }) {
    const given = headers['x-fixture-signature'] ?? '';
    const expected = `sha256=${hmacSha256Hex(SECRET, rawBody)}`;
    if (!signaturesMatch(Buffer.from(expected), Buffer.from(given))) {
      return { rejected: 'signature does not match' };
    }
    return { deliveryId: headers['x-fixture-delivery'] ?? '' };
  },
};

/** Two providers of one vendor sharing the secret (GitHub's issues and deployments), and one without webhooks. */
const signedProviderModule = providerModule(
  'signed-fixture',
  {
    id: 'signed',
    reads: ['incidents'],
    async sync() {
      syncs += 1;
    },
    webhook: fixtureWebhook,
  },
  {
    id: 'signed-deployments',
    reads: ['deployments'],
    async sync() {
      deploymentSyncs += 1;
    },
    webhook: fixtureWebhook,
  },
  { id: 'unsigned', reads: ['bugs'], async sync() {} },
);

function signed(body: string, delivery: string) {
  return {
    'content-type': 'application/json',
    'x-fixture-delivery': delivery,
    'x-fixture-signature': `sha256=${hmacSha256Hex(SECRET, Buffer.from(body))}`,
  };
}

describe('POST /v1/webhooks/:providerId', () => {
  async function start() {
    syncs = 0;
    deploymentSyncs = 0;
    const backend = await startTestBackend({
      features: [
        qualityPlugin,
        signedProviderModule,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
    return backend;
  }

  it('runs the provider’s sync for a genuine delivery, without Backstage credentials', async () => {
    const backend = await start();
    // Spacing and key order matter: the signature is over these exact bytes.
    const body =
      '{ "event": {"event_type": "incident.resolved",  "id": "01ABC"} }';
    const response = await request(backend.server)
      .post('/api/quality/v1/webhooks/signed')
      .set(signed(body, 'delivery-1'))
      .send(body);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'accepted' });
    expect(syncs).toBe(1);
    await backend.stop();
  });

  it('ignores a replayed delivery and refuses a forged or unsigned one', async () => {
    const backend = await start();
    const body = '{"action":"closed"}';
    const post = () =>
      request(backend.server).post('/api/quality/v1/webhooks/signed');
    expect(
      (await post().set(signed(body, 'delivery-7')).send(body)).status,
    ).toBe(202);
    const replay = await post().set(signed(body, 'delivery-7')).send(body);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ status: 'duplicate' });

    const forged = await post()
      .set({
        ...signed(body, 'delivery-8'),
        'x-fixture-signature': `sha256=${'0'.repeat(64)}`,
      })
      .send(body);
    expect(forged.status).toBe(401);
    expect(forged.body.error.message).toBe(
      'Webhook for signed refused: signature does not match',
    );
    const tampered = await post()
      .set(signed(body, 'delivery-9'))
      .send('{"action":"reopened"}');
    expect(tampered.status).toBe(401);
    const unsigned = await post()
      .set('content-type', 'application/json')
      .send(body);
    expect(unsigned.status).toBe(401);
    expect(syncs).toBe(1);
    await backend.stop();
  });

  it('counts a delivery once, whichever provider sharing the secret it is posted to', async () => {
    const backend = await start();
    const body = '{"action":"deployment_status"}';
    const first = await request(backend.server)
      .post('/api/quality/v1/webhooks/signed')
      .set(signed(body, 'delivery-shared'))
      .send(body);
    expect(first.status).toBe(202);
    const replayed = await request(backend.server)
      .post('/api/quality/v1/webhooks/signed-deployments')
      .set(signed(body, 'delivery-shared'))
      .send(body);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toEqual({ status: 'duplicate' });
    expect([syncs, deploymentSyncs]).toEqual([1, 0]);
    await backend.stop();
  });

  it('answers 404 for a provider that takes no webhooks', async () => {
    const backend = await start();
    for (const id of ['unsigned', 'nobody']) {
      const response = await request(backend.server)
        .post(`/api/quality/v1/webhooks/${id}`)
        .send('{}');
      expect(response.status).toBe(404);
    }
    await backend.stop();
  });
});
