import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import qualityPlugin from '@quality-pulse/plugin-quality-backend';
import { hmacSha256Hex } from '@quality-pulse/plugin-quality-node';
import request from 'supertest';
import {
  FakePagerDutyAccount,
  startFakePagerDuty,
} from './__testUtils__/fakePagerDuty';
import { qualityModulePagerDuty } from './module';

jest.setTimeout(60_000);

const SECRET = 'pd-webhook-secret';

describe('PagerDuty module in a backend', () => {
  it('syncs as soon as a signed v3 webhook arrives, once per delivery', async () => {
    const account = new FakePagerDutyAccount();
    const vendor = await startFakePagerDuty(account);
    const backend = await startTestBackend({
      features: [
        qualityPlugin,
        qualityModulePagerDuty,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'payments-api',
                annotations: { 'pagerduty.com/service-id': 'PPAYAPI' },
              },
              spec: {
                type: 'service',
                owner: 'payments-squad',
                lifecycle: 'production',
              },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            quality: {
              providers: {
                pagerduty: {
                  token: 'pd_quality_test',
                  baseUrl: vendor.url,
                  webhookSecret: SECRET,
                },
              },
            },
          },
        }),
        // No scheduled run: only the webhook can make the sync happen.
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
    const summary = async () =>
      (
        await request(backend.server)
          .get(
            '/api/quality/v1/entities/component/default/payments-api/summary?windowDays=30',
          )
          .set('authorization', mockCredentials.user.header())
      ).body;
    expect((await summary()).hasData).toBe(false);

    const started = new Date(Date.now() - 30 * 60_000).toISOString();
    const incident = account.create('PPAYAPI', started, { priority: 'P1' });
    account.resolve(
      incident.id,
      new Date(Date.parse(started) + 20 * 60_000).toISOString(),
    );
    const body = JSON.stringify({
      event: {
        id: '01DEN2HNSFKRNM3XKTHLMH4F2T',
        event_type: 'incident.resolved',
        resource_type: 'incident',
        occurred_at: new Date().toISOString(),
        data: { id: incident.id, type: 'incident', service: { id: 'PPAYAPI' } },
      },
    });
    const deliver = () =>
      request(backend.server)
        .post('/api/quality/v1/webhooks/pagerduty')
        .set('content-type', 'application/json')
        .set(
          'x-pagerduty-signature',
          `v1=${hmacSha256Hex(SECRET, Buffer.from(body))}`,
        )
        .send(body);

    expect((await deliver()).status).toBe(202);
    const after = await summary();
    expect(after.hasData).toBe(true);
    expect(after.mttr.critical).toMatchObject({
      count: 1,
      medianMs: 20 * 60_000,
    });
    const listsAfterFirst = vendor.requests.length;
    expect((await deliver()).body).toEqual({ status: 'duplicate' });
    expect(vendor.requests.length).toBe(listsAfterFirst);

    await backend.stop();
    await vendor.close();
  });
});
