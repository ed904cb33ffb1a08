import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { qualityProvidersExtensionPoint } from '@quality-pulse/plugin-quality-node';
import request from 'supertest';
import { qualityPlugin } from './plugin';
import { testComponent } from './__testUtils__/catalogEntities';
import { contractErrors } from './__testUtils__/contract';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const entities = [
  testComponent('payments-api', {
    annotations: {
      'pagerduty.com/service-id': 'PPAYAPI',
      'jira/project-key': 'PAY',
    },
  }),
  testComponent('design-system'),
];

let entitiesSeenBySync: string[] = [];

/**
 * A provider module like a real one: it registers through the extension point
 * and streams items into the store, one failing scope included.
 */
const fixtureProviderModule = createBackendModule({
  pluginId: 'quality',
  moduleId: 'fixture',
  register(reg) {
    reg.registerInit({
      deps: { providers: qualityProvidersExtensionPoint },
      async init({ providers }) {
        providers.addProvider({
          id: 'fixture',
          reads: ['incidents', 'bugs'],
          async sync({ entities: catalogEntities, runScope }) {
            entitiesSeenBySync = catalogEntities
              .map(e => e.metadata.name)
              .sort();
            const now = Date.now();
            await runScope('PPAYAPI', async (_cursor, { sink }) => {
              await sink.upsertIncidents([
                ...[15, 45, 30].map((minutes, i) => ({
                  externalId: `INC-${i}`,
                  entityRef: 'component:default/payments-api',
                  title: `incident ${i}`,
                  severity: 'P1' as const,
                  startedAt: new Date(now - (i + 1) * DAY - minutes * MINUTE),
                  resolvedAt: new Date(now - (i + 1) * DAY),
                })),
                // The vendor sent a severity nobody mapped: skipped, the rest kept.
                {
                  externalId: 'INC-odd',
                  entityRef: 'component:default/payments-api',
                  title: 'odd',
                  severity: 'SEV-1' as any,
                  startedAt: new Date(now - DAY),
                },
              ]);
              await sink.upsertBugs([
                {
                  externalId: 'PAY-1',
                  title: 'open bug',
                  escaped: true,
                  history: [
                    {
                      at: new Date(now - 3 * DAY),
                      status: 'open',
                      severity: 'P0',
                      entityRef: 'component:default/payments-api',
                    },
                  ],
                },
              ]);
              return 'cursor-1';
            });
            await runScope('BROKEN', async () => {
              throw new Error('401 Unauthorized for project BROKEN');
            });
          },
        });
      },
    });
  },
});

describe('quality backend plugin', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function startBackend(
    databaseId: Parameters<typeof databases.init>[0],
    options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
  ) {
    const knex = await databases.init(databaseId);
    const backend = await startTestBackend({
      features: [
        qualityPlugin,
        fixtureProviderModule,
        catalogServiceMock.factory({ entities }),
        mockServices.database.factory({ knex }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        ...(options.permission
          ? [mockServices.permissions.factory({ result: options.permission })]
          : []),
      ],
    });
    return { backend, server: backend.server };
  }

  it.each(databases.eachSupportedId())(
    'serves the entity summary computed from what the provider synced on %p',
    async databaseId => {
      const { backend, server } = await startBackend(databaseId);
      const response = await request(server)
        .get('/api/quality/v1/entities/component/default/payments-api/summary')
        .set('authorization', mockCredentials.user.header());

      expect(entitiesSeenBySync).toEqual(['design-system', 'payments-api']);
      expect(response.status).toBe(200);
      expect(contractErrors(response.body, 'EntityQualitySummary')).toEqual([]);
      expect(response.body.entityRef).toBe('component:default/payments-api');
      expect(response.body.window.days).toBe(90);
      // 15, 30, 45 minutes: median 30, p90 at position 1.8 → 30 + 0.8 × 15 = 42 minutes.
      expect(response.body.mttr.critical).toEqual({
        count: 3,
        medianMs: 30 * MINUTE,
        p90Ms: 42 * MINUTE,
        meanMs: 30 * MINUTE,
      });
      expect(response.body.openBugs.total).toBe(1);
      expect(response.body.openBugs.bySeverity[0]).toEqual({
        severity: 'P0',
        count: 1,
      });
      expect(response.body.hasData).toBe(true);
      // The BROKEN scope failed, but payments-api's data came from PPAYAPI, which did not.
      expect(response.body.sources).toEqual([
        {
          providerId: 'fixture',
          lastSucceededAt: expect.any(String),
          lastError: null,
        },
      ]);
      await backend.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'reports each scope of the sync, the failed one with its error, on %p',
    async databaseId => {
      const { backend, server } = await startBackend(databaseId);
      const response = await request(server)
        .get('/api/quality/v1/sync-status')
        .set('authorization', mockCredentials.user.header());

      expect(response.status).toBe(200);
      expect(contractErrors(response.body, 'SyncStatus')).toEqual([]);
      expect(response.body.providers).toEqual([
        {
          id: 'fixture',
          reads: ['incidents', 'bugs'],
          scopes: [
            expect.objectContaining({
              scope: 'BROKEN',
              lastSucceededAt: null,
              lastError: '401 Unauthorized for project BROKEN',
            }),
            expect.objectContaining({
              scope: 'PPAYAPI',
              lastSucceededAt: expect.any(String),
              lastError: null,
              itemsSkipped: 1,
              lastSkipReason:
                'incidents INC-odd: severity must be one of P0, P1, P2, P3, P4, unclassified; got "SEV-1"',
            }),
          ],
        },
        // Built in: reads root-cause documents of annotated entities (none here).
        { id: 'postmortem-docs', reads: ['postmortems'], scopes: [] },
      ]);
      await backend.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'answers bad requests with 4xx and a message naming the problem on %p',
    async databaseId => {
      const { backend, server } = await startBackend(databaseId);
      const get = (path: string) =>
        request(server)
          .get(`/api/quality${path}`)
          .set('authorization', mockCredentials.user.header());

      const unknown = await get(
        '/v1/entities/component/default/no-such-service/summary',
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toContain(
        'component:default/no-such-service',
      );

      const badName = await get(
        '/v1/entities/component/default/not_valid!/summary',
      );
      expect(badName.status).toBe(400);
      expect(badName.body.error.message).toBe(
        'name "not_valid!" is not a valid entity name',
      );

      const badKind = await get(
        '/v1/entities/comp-onent/default/payments-api/summary',
      );
      expect(badKind.status).toBe(400);
      expect(badKind.body.error.message).toContain('kind');

      // The OpenAPI contract rejects these before any handler runs.
      for (const [query, message] of [
        ['windowDays=0', 'request/query/windowDays must be >= 1'],
        ['windowDays=731', 'request/query/windowDays must be <= 730'],
        ['windowDays=ninety', 'request/query/windowDays must be integer'],
        ['windowDays=1.5', 'request/query/windowDays must be integer'],
        [
          'from=24.11.2026&to=2026-11-30',
          'request/query/from must match pattern',
        ],
        ['window=90', "Unknown query parameter 'window'"],
      ]) {
        const bad = await get(
          `/v1/entities/component/default/payments-api/summary?${query}`,
        );
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toContain(message);
      }

      // These pass the contract and are refused by the window rules.
      for (const [query, message] of [
        [
          'windowDays=30&from=2026-11-01',
          'windowDays cannot be combined with from/to',
        ],
        ['from=2026-11-30&to=2026-11-01', 'to must not be before from'],
        [
          'from=2026-11-01&to=2026-11-30&timeZone=Mars%2FOlympus',
          'timeZone must be an IANA time zone',
        ],
        ['from=2023-01-01&to=2026-11-30', 'from/to must span at most 730 days'],
      ]) {
        const bad = await get(
          `/v1/entities/component/default/payments-api/summary?${query}`,
        );
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toContain(message);
      }

      // A path that is not even valid percent-encoding is a bad request, not a crash.
      const undecodable = await get(
        '/v1/entities/component/default/%E0%A4%A/summary',
      );
      expect(undecodable.status).toBeGreaterThanOrEqual(400);
      expect(undecodable.status).toBeLessThan(500);

      const unauthenticated = await request(server)
        .get('/api/quality/v1/entities/component/default/payments-api/summary')
        .set('authorization', mockCredentials.none.header());
      expect(unauthenticated.status).toBe(401);
      await backend.stop();
    },
  );

  it('serves its OpenAPI document', async () => {
    const { backend, server } = await startBackend('SQLITE_3');
    const response = await request(server)
      .get('/api/quality/openapi.json')
      .set('authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toContain(
      '/api/quality/v1/org/overview',
    );
    await backend.stop();
  });

  it('refuses callers the permission policy denies', async () => {
    const { backend, server } = await startBackend('SQLITE_3', {
      permission: AuthorizeResult.DENY,
    });
    for (const path of [
      '/v1/entities/component/default/payments-api/summary',
      '/v1/org/initiatives',
      '/v1/groups/default/payments-squad/initiatives',
    ]) {
      const response = await request(server)
        .get(`/api/quality${path}`)
        .set('authorization', mockCredentials.user.header());
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
    await backend.stop();
  });

  it('accepts a custom window and still counts open bugs as of now', async () => {
    const { backend, server } = await startBackend('SQLITE_3');
    const response = await request(server)
      .get(
        '/api/quality/v1/entities/component/default/payments-api/summary?windowDays=2',
      )
      .set('authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    // Only the incident resolved a day ago (15 min) is inside; the one resolved two days ago is just outside.
    expect(response.body.mttr.critical).toEqual({
      count: 1,
      medianMs: 15 * MINUTE,
      p90Ms: 15 * MINUTE,
      meanMs: 15 * MINUTE,
    });
    expect(response.body.openBugs.total).toBe(1);
    await backend.stop();
  });
});

describe('entity time series', () => {
  it('serves the daily burn-down of the window, ending today', async () => {
    const backend = await startTestBackend({
      features: [
        qualityPlugin,
        fixtureProviderModule,
        catalogServiceMock.factory({ entities }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
      ],
    });
    const response = await request(backend.server)
      .get(
        '/api/quality/v1/entities/component/default/payments-api/timeseries?windowDays=7',
      )
      .set('authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    expect(contractErrors(response.body, 'EntityQualityTimeSeries')).toEqual(
      [],
    );
    const days = response.body.burnDown;
    expect(days).toHaveLength(8); // the UTC day 7 × 24 h ago through today
    expect(days.at(-1).date).toBe(new Date().toISOString().slice(0, 10));
    // PAY-1 (P0) was opened three days ago and is still open.
    expect(days.map((d: any) => d.bySeverity.P0)).toEqual([
      0, 0, 0, 0, 1, 1, 1, 1,
    ]);
    await backend.stop();
  });
});
