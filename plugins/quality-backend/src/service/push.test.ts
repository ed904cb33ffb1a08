import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { qualityPlugin } from '../plugin';
import { testComponent } from '../__testUtils__/catalogEntities';

jest.setTimeout(60_000);

const payments = testComponent('payments-api');

const deployment = (externalId: string, remediation = false) => ({
  externalId,
  entityRef: 'component:default/payments-api',
  deployedAt: '2026-11-20T10:00:00Z',
  remediation,
});

describe('push API', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function start(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    const backend = await startTestBackend({
      features: [
        qualityPlugin,
        catalogServiceMock.factory({ entities: [payments] }),
        mockServices.database.factory({ knex }),
      ],
    });
    const push = (
      path: string,
      body: unknown,
      header = mockCredentials.service.header(),
    ) =>
      request(backend.server)
        .post(`/api/quality${path}`)
        .set('authorization', header)
        .send(body as object);
    const count = async (table: string) =>
      Number((await knex(table).count({ n: '*' }).first())?.n);
    return { backend, push, count, knex };
  }

  it.each(databases.eachSupportedId())(
    'stores pushed deployments idempotently by external id on %p',
    async id => {
      const { backend, push, knex } = await start(id);
      const first = await push('/v1/deployments', {
        items: [deployment('d-1'), deployment('d-2', true)],
      });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ stored: 2 });

      // The same push again, with d-2 corrected: still two rows, d-2 updated.
      await push('/v1/deployments', {
        items: [deployment('d-1'), deployment('d-2', false)],
      });
      const rows = await knex('quality_deployments')
        .orderBy('external_id')
        .select('external_id', 'source', 'remediation');
      expect(
        rows.map(r => [r.external_id, r.source, Boolean(r.remediation)]),
      ).toEqual([
        ['d-1', 'push', false],
        ['d-2', 'push', false],
      ]);
      await backend.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'rejects a malformed push whole, naming the field, on %p',
    async id => {
      const { backend, push, count } = await start(id);

      const missing = await push('/v1/deployments', {
        items: [
          deployment('d-1'),
          {
            externalId: 'd-2',
            entityRef: 'component:default/payments-api',
            remediation: false,
          },
        ],
      });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toContain(
        "request/body/items/1 must have required property 'deployedAt'",
      );

      const badDate = await push('/v1/deployments', {
        items: [{ ...deployment('d-3'), deployedAt: 'yesterday' }],
      });
      expect(badDate.status).toBe(400);
      expect(badDate.body.error.message).toContain(
        'request/body/items/0/deployedAt must match pattern',
      );
      // The shape of a time, but no such day: refused by the store's rules.
      const noSuchDay = await push('/v1/deployments', {
        items: [{ ...deployment('d-3'), deployedAt: '2026-13-45T10:00:00Z' }],
      });
      expect(noSuchDay.status).toBe(400);
      expect(noSuchDay.body.error.message).toMatch(
        /deployedAt must be a valid date/,
      );

      const unknownField = await push('/v1/deployments', {
        items: [{ ...deployment('d-4'), author: 'someone' }],
      });
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.error.message).toContain(
        'must NOT have additional properties',
      );

      // Passes the contract, fails the store's rules: still all or nothing.
      const badRef = await push('/v1/deployments', {
        items: [
          deployment('d-5'),
          { ...deployment('d-6'), entityRef: 'not a ref!' },
        ],
      });
      expect(badRef.status).toBe(400);
      expect(badRef.body.error.message).toBe(
        'deployments[1].entityRef is not a valid entity reference: "not a ref!"',
      );

      // Data keyed to a person, a script link, a bug that never opened: refused whole.
      const personal = await push('/v1/bugs', {
        items: [
          {
            externalId: 'PAY-9',
            title: 'Refund fails',
            escaped: false,
            history: [
              {
                at: '2026-11-20T10:00:00Z',
                status: 'open',
                severity: 'P2',
                entityRef: 'user:default/alice',
              },
            ],
          },
        ],
      });
      expect(personal.status).toBe(400);
      expect(personal.body.error.message).toBe(
        'bugs[0].history[0].entityRef must name a component, resource, system, api entity, not a user: "user:default/alice"',
      );
      const scriptLink = await push('/v1/deployments', {
        // eslint-disable-next-line no-script-url -- the hostile link is the input under test
        items: [{ ...deployment('d-7'), url: 'javascript:alert(1)' }],
      });
      expect(scriptLink.status).toBe(400);
      expect(scriptLink.body.error.message).toBe(
        'deployments[0].url must be an http(s) URL; got "javascript:alert(1)"',
      );
      const neverOpened = await push('/v1/bugs', {
        items: [
          {
            externalId: 'PAY-10',
            title: 'Refund fails',
            escaped: false,
            history: [
              {
                at: '2026-11-20T10:00:00Z',
                status: 'closed',
                severity: 'P2',
                entityRef: 'component:default/payments-api',
              },
            ],
          },
        ],
      });
      expect(neverOpened.status).toBe(400);
      const future = await push('/v1/deployments', {
        items: [
          {
            ...deployment('d-8'),
            deployedAt: new Date(Date.now() + 3 * 24 * 3_600_000).toISOString(),
          },
        ],
      });
      expect(future.status).toBe(400);
      expect(future.body.error.message).toMatch(
        /^deployments\[0\]\.deployedAt is more than 24 hours in the future/,
      );
      expect(await count('quality_bugs')).toBe(0);

      const closedBeforeOpen = await push('/v1/incidents', {
        items: [
          {
            externalId: 'INC-1',
            entityRef: 'component:default/payments-api',
            title: 'Checkout errors',
            severity: 'P1',
            startedAt: '2026-11-20T10:00:00Z',
            resolvedAt: '2026-11-20T09:00:00Z',
          },
        ],
      });
      expect(closedBeforeOpen.status).toBe(400);
      expect(closedBeforeOpen.body.error.message).toBe(
        'incidents[0].resolvedAt must not be before startedAt',
      );

      expect(await count('quality_deployments')).toBe(0);
      expect(await count('quality_incidents')).toBe(0);
      await backend.stop();
    },
  );

  it('refuses bodies over 1 MB and batches over 1,000 items', async () => {
    const { backend, push, count } = await start('SQLITE_3');
    const huge = await push('/v1/deployments', {
      items: [
        { ...deployment('d-1'), url: 'x'.repeat(2000) },
        ...Array(600).fill({ ...deployment('d-2'), url: 'y'.repeat(2000) }),
      ],
    });
    expect(huge.status).toBe(413);
    const many = await push('/v1/deployments', {
      items: Array.from({ length: 1001 }, (_, i) => deployment(`d-${i}`)),
    });
    expect(many.status).toBe(400);
    expect(many.body.error.message).toContain(
      'request/body/items must NOT have more than 1000 items',
    );
    expect(await count('quality_deployments')).toBe(0);
    await backend.stop();
  });

  it('accepts service credentials only', async () => {
    const { backend, push } = await start('SQLITE_3');
    expect(
      (
        await push(
          '/v1/deployments',
          { items: [deployment('d-1')] },
          mockCredentials.user.header(),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await push(
          '/v1/deployments',
          { items: [deployment('d-1')] },
          mockCredentials.none.header(),
        )
      ).status,
    ).toBe(401);
    await backend.stop();
  });

  it.each(databases.eachSupportedId())(
    'pushed bugs and incidents show in the entity summary on %p',
    async id => {
      const { backend, push } = await start(id);
      const now = Date.now();
      const iso = (msAgo: number) => new Date(now - msAgo).toISOString();
      await push('/v1/bugs', {
        items: [
          {
            externalId: 'PAY-9',
            title: 'Refunds double-charged',
            escaped: true,
            history: [
              {
                at: iso(3 * 86_400_000),
                status: 'open',
                severity: 'P0',
                entityRef: 'component:default/payments-api',
              },
            ],
          },
        ],
      });
      await push('/v1/incidents', {
        items: [
          {
            externalId: 'INC-7',
            entityRef: 'component:default/payments-api',
            title: 'Card declines',
            severity: 'P1',
            startedAt: iso(2 * 86_400_000 + 40 * 60_000),
            resolvedAt: iso(2 * 86_400_000),
          },
        ],
      });
      const summary = await request(backend.server)
        .get('/api/quality/v1/entities/component/default/payments-api/summary')
        .set('authorization', mockCredentials.user.header());
      expect(summary.body.openBugs.bySeverity[0]).toEqual({
        severity: 'P0',
        count: 1,
      });
      expect(summary.body.mttr.critical).toMatchObject({
        count: 1,
        medianMs: 40 * 60_000,
      });
      expect(summary.body.escapedDefectRate).toMatchObject({
        numerator: 1,
        denominator: 1,
      });
      await backend.stop();
    },
  );
});
