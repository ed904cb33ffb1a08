import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  qualityAdminReadPermission,
  qualityLearningUpdatePermission,
} from '@quality-pulse/plugin-quality-common';
import request from 'supertest';
import { testComponent, testGroup } from '../__testUtils__/catalogEntities';
import { startPermissionedBackend } from '../__testUtils__/permissionedBackend';
import { providerModule } from '../__testUtils__/qualityTestBackend';

jest.setTimeout(120_000);

const VIEWER = 'user:default/viewer';
const EDITOR = 'user:default/editor';

/** Viewers read; editors also record what the squad learns; nobody here is an admin. */
class ReadOnlyViewerPolicy implements PermissionPolicy {
  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (query.permission.name === qualityLearningUpdatePermission.name) {
      return {
        result:
          user?.info.userEntityRef === EDITOR
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      };
    }
    if (query.permission.name === qualityAdminReadPermission.name) {
      return { result: AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

const postmortemFixture = providerModule('write-fixture', {
  id: 'fixture',
  reads: ['postmortems'],
  async sync({ sink }) {
    await sink.upsertPostmortems([
      {
        externalId: 'PM-1',
        entityRef: 'component:default/payments-api',
        title: 'Checkout timeouts',
        url: 'https://docs.example/pm-1.md',
        publishedAt: new Date(Date.now() - 30 * 24 * 3_600_000),
        subjects: [],
        actions: [{ text: 'Add a timeout to the payment client' }],
      },
    ]);
  },
});

describe('write routes without the permission', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('answer 403 to a token that lacks it, and write nothing', async () => {
    const knex = await databases.init('SQLITE_3');
    const backend = await startPermissionedBackend({
      knex,
      entities: [
        testGroup('payments-squad'),
        testComponent('payments-api', { owner: 'payments-squad' }),
      ],
      policy: new ReadOnlyViewerPolicy(),
      features: [postmortemFixture],
    });
    const pm = await knex('quality_postmortems').first('id');
    const action = await knex('quality_postmortem_actions').first('id');
    const writes: Array<['post' | 'put' | 'patch', string, object]> = [
      [
        'post',
        '/v1/entities/component/default/payments-api/postmortems',
        { url: 'https://docs.example/new.md' },
      ],
      ['post', `/v1/postmortems/${pm.id}/actions`, { text: 'Add a check' }],
      ['patch', `/v1/actions/${action.id}`, { status: 'done' }],
      ['put', `/v1/postmortems/${pm.id}/review`, { outcome: 'loop-closed' }],
      [
        'post',
        '/v1/groups/default/payments-squad/bug-bashes',
        {
          title: 'Checkout bash',
          label: 'bug-bash',
          start: '2026-11-02',
          end: '2026-11-02',
        },
      ],
      [
        'put',
        '/v1/groups/default/payments-squad/bug-bashes/1/review',
        {
          outcome: 'loop-closed',
        },
      ],
      ['post', '/v1/scorecards/evaluate', {}],
    ];
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all(
          [
            'quality_postmortems',
            'quality_postmortem_actions',
            'quality_postmortem_reviews',
            'quality_bug_bashes',
          ].map(table => knex(table).select()),
        ),
      );
    const before = await snapshot();
    for (const [method, path, body] of writes) {
      const response = await request(backend.server)
        [method](`/api/quality${path}`)
        .set('authorization', mockCredentials.user.header(VIEWER))
        .send(body);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect(response.body.error.message).toMatch(/^Not allowed to /);
    }
    expect(await snapshot()).toBe(before);

    // The same write with the permission goes through.
    const allowed = await request(backend.server)
      .patch(`/api/quality/v1/actions/${action.id}`)
      .set('authorization', mockCredentials.user.header(EDITOR))
      .send({ status: 'done' });
    expect(allowed.status).toBe(200);
    await backend.stop();
  });
});
