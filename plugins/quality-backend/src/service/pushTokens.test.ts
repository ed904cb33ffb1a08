import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { qualityPlugin } from '../plugin';
import { testComponent, testGroup } from '../__testUtils__/catalogEntities';

jest.setTimeout(60_000);

const PUSH_TOKEN = 'ci-push-token-0123456789';
const PROMETHEUS_TOKEN = 'prometheus-token-0123456789';
const UNRESTRICTED_TOKEN = 'unrestricted-token-0123456789';

/**
 * The README's static tokens, verbatim in shape, checked by Backstage's real
 * auth and permissions services: a service token holds only what its access
 * restrictions list.
 */
const externalAccess = [
  {
    type: 'static',
    options: { token: PUSH_TOKEN, subject: 'ci-deployments' },
    accessRestrictions: [
      { plugin: 'quality', permission: 'quality.push.create' },
    ],
  },
  {
    type: 'static',
    options: { token: PROMETHEUS_TOKEN, subject: 'prometheus' },
    accessRestrictions: [
      { plugin: 'quality', permission: 'quality.openmetrics.read' },
    ],
  },
  {
    type: 'static',
    options: { token: UNRESTRICTED_TOKEN, subject: 'legacy-ci' },
    accessRestrictions: [{ plugin: 'quality' }],
  },
];

/**
 * Service credentials for the static tokens above, as Backstage's external
 * access handler makes them: the restrictions listed for this plugin become
 * the token's permission names. (Backstage's own handler loads `jose`, an
 * ES module Jest's CommonJS runtime cannot require; the decision itself is
 * the real permissions service's.)
 */
const httpAuthForStaticTokens = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    return {
      async credentials(req: any, options?: { allow?: string[] }) {
        const token = /^Bearer (\S+)$/.exec(
          req.headers.authorization ?? '',
        )?.[1];
        const entry = externalAccess.find(e => e.options.token === token);
        if (!entry) throw new Error('unknown token');
        const restriction = entry.accessRestrictions.find(
          r => r.plugin === plugin.getId(),
        ) as { permission?: string } | undefined;
        if (!restriction) throw new Error('token not valid for this plugin');
        if (options?.allow && !options.allow.includes('service')) {
          throw new Error('service credentials not allowed');
        }
        return mockCredentials.service(
          entry.options.subject,
          restriction.permission
            ? { permissionNames: [restriction.permission] }
            : undefined,
        );
      },
      async issueUserCookie() {
        return { expiresAt: new Date() };
      },
    } as any;
  },
});

const deployment = {
  externalId: 'd-1',
  entityRef: 'component:default/payments-api',
  deployedAt: '2026-11-20T10:00:00Z',
  remediation: false,
};

describe('static tokens of the README', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function start() {
    const knex = await databases.init('SQLITE_3');
    const backend = await startTestBackend({
      features: [
        qualityPlugin,
        catalogServiceMock.factory({
          entities: [
            testGroup('payments-squad'),
            testComponent('payments-api', { owner: 'payments-squad' }),
          ],
        }),
        mockServices.database.factory({ knex }),
        httpAuthForStaticTokens,
        permissionsServiceFactory,
        mockServices.rootConfig.factory({
          data: { permission: { enabled: true } },
        }),
      ],
    });
    const call = (method: 'get' | 'post', path: string, token: string) =>
      request(backend.server)
        [method](`/api/quality${path}`)
        .set('authorization', `Bearer ${token}`);
    const stored = async () =>
      Number((await knex('quality_deployments').count({ n: '*' }).first())?.n);
    return { backend, call, stored };
  }

  it('lets the push token push and read nothing; the metrics token read metrics and push nothing', async () => {
    const { backend, call, stored } = await start();

    const scraped = await call(
      'post',
      '/v1/deployments',
      PROMETHEUS_TOKEN,
    ).send({
      items: [deployment],
    });
    expect(scraped.status).toBe(403);
    expect(scraped.body.error.message).toBe('Not allowed to push quality data');
    expect(await stored()).toBe(0);
    expect((await call('get', '/v1/metrics', PROMETHEUS_TOKEN)).status).toBe(
      200,
    );

    const pushed = await call('post', '/v1/deployments', PUSH_TOKEN).send({
      items: [deployment],
    });
    expect(pushed.status).toBe(200);
    expect(await stored()).toBe(1);
    for (const path of [
      '/v1/entities/component/default/payments-api/items?list=deployments',
      '/v1/entities/component/default/payments-api/summary',
      '/v1/groups/default/payments-squad/summary',
      '/v1/org/overview',
      '/v1/metrics',
      '/v1/sync-status',
    ]) {
      expect({
        path,
        status: (await call('get', path, PUSH_TOKEN)).status,
      }).toEqual({
        path,
        status: 403,
      });
    }

    // A token without a permission list holds every permission of the plugin.
    const legacy = await call(
      'post',
      '/v1/deployments',
      UNRESTRICTED_TOKEN,
    ).send({
      items: [{ ...deployment, externalId: 'd-2' }],
    });
    expect(legacy.status).toBe(200);
    await backend.stop();
  });
});
