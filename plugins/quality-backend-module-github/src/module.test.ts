import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import qualityPlugin from '@quality-pulse/plugin-quality-backend';
import { hmacSha256Hex } from '@quality-pulse/plugin-quality-node';
import request from 'supertest';
import { FakeGithubRepo, startFakeGithub } from './__testUtils__/fakeGithub';
import { qualityModuleGithub } from './module';

jest.setTimeout(60_000);

const SECRET = 'github-webhook-secret';

describe('GitHub module in a backend', () => {
  it('syncs issues as soon as a signed webhook arrives, and deployments on theirs', async () => {
    const repo = new FakeGithubRepo('acme/storefront', '2026-11-20T08:00:00Z');
    const vendor = await startFakeGithub(repo);
    const backend = await startTestBackend({
      features: [
        qualityPlugin,
        qualityModuleGithub,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'storefront-web',
                annotations: { 'github.com/project-slug': 'acme/storefront' },
              },
              spec: {
                type: 'website',
                owner: 'web-squad',
                lifecycle: 'production',
              },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [
                {
                  host: 'github.test',
                  apiBaseUrl: vendor.url,
                  token: 'ghp_quality_test',
                },
              ],
            },
            quality: {
              providers: {
                github: {
                  main: { host: 'github.test', webhookSecret: SECRET },
                },
              },
            },
          },
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      ],
    });
    repo
      .at(new Date(Date.now() - 3_600_000).toISOString())
      .open('Checkout button dead', ['bug', 'P1']);
    const deliver = (
      provider: string,
      event: string,
      delivery: string,
      signWith = SECRET,
    ) => {
      const body = JSON.stringify({
        action: 'opened',
        repository: { full_name: 'acme/storefront' },
      });
      return request(backend.server)
        .post(`/api/quality/v1/webhooks/${provider}`)
        .set({
          'content-type': 'application/json',
          'x-github-event': event,
          'x-github-delivery': delivery,
          'x-hub-signature-256': `sha256=${hmacSha256Hex(
            signWith,
            Buffer.from(body),
          )}`,
        })
        .send(body);
    };
    expect(
      (await deliver('github-main', 'issues', 'd-1', 'wrong-secret')).status,
    ).toBe(401);
    expect(vendor.requests).toHaveLength(0);
    expect((await deliver('github-main', 'issues', 'd-2')).status).toBe(202);
    expect(
      vendor.requests.some(r => r.path === '/repos/acme/storefront/issues'),
    ).toBe(true);
    expect((await deliver('github-main', 'issues', 'd-2')).body).toEqual({
      status: 'duplicate',
    });
    expect(
      (await deliver('github-main-deployments', 'deployment_status', 'd-3'))
        .status,
    ).toBe(202);
    expect(
      vendor.requests.some(
        r => r.path === '/repos/acme/storefront/deployments',
      ),
    ).toBe(true);
    await backend.stop();
    await vendor.close();
  });
});
