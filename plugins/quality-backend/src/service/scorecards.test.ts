import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { contractErrors } from '../__testUtils__/contract';
import {
  getAsUser,
  startQualityBackend,
} from '../__testUtils__/qualityTestBackend';
import {
  scenarioEntities,
  seedScenario,
} from '../__testUtils__/scorecardScenario';

jest.setTimeout(60_000);

/** The exposition format's sample line: name, optional labels, a number. */
const SAMPLE =
  /^[a-z_:][a-z0-9_:]*(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? -?[0-9.e+-]+$/;

describe('scorecard API, metrics endpoint and permissions', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'serves scorecards, the policy and OpenMetrics gauges on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await seedScenario(knex, Date.now());
      // The scheduler evaluates once at start-up (the test scheduler runs delayed tasks at once).
      const { server } = await startQualityBackend({
        knex,
        entities: scenarioEntities,
      });

      const entity = await getAsUser(
        server,
        '/v1/entities/component/default/search-api/scorecard',
      );
      expect(entity.status).toBe(200);
      expect(contractErrors(entity.body, 'QualityScorecard')).toEqual([]);
      expect(entity.body.evaluatedAt).not.toBeNull();
      const aged = entity.body.levels[0].checks.find(
        (c: any) => c.checkId === 'no-aged-critical-bugs',
      );
      expect(aged).toMatchObject({ status: 'fail', value: 1, level: 'bronze' });
      expect(aged.reason).toBe(
        '1 open P0/P1 bug older than 7 days; needs at most 0',
      );

      const squad = await getAsUser(
        server,
        '/v1/groups/default/payments-squad/scorecard',
      );
      expect(squad.status).toBe(200);
      expect(contractErrors(squad.body, 'QualityScorecard')).toEqual([]);
      expect(squad.body.scopeKind).toBe('squad');

      expect(
        (await getAsUser(server, '/v1/groups/default/nobody/scorecard')).status,
      ).toBe(404);
      expect(
        (
          await getAsUser(
            server,
            '/v1/entities/component/default/missing/scorecard',
          )
        ).status,
      ).toBe(404);

      const policy = await getAsUser(server, '/v1/scorecards/policy');
      expect(contractErrors(policy.body, 'ScorecardPolicy')).toEqual([]);
      expect(policy.body.levels.map((l: any) => l.title)).toEqual([
        'Bronze',
        'Silver',
        'Gold',
      ]);

      const evaluate = await request(server)
        .post('/api/quality/v1/scorecards/evaluate')
        .set('authorization', mockCredentials.user.header());
      expect(evaluate.status).toBe(202);
      expect(['scheduled', 'running']).toContain(evaluate.body.status);

      const metrics = await getAsUser(server, '/v1/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.headers['content-type']).toMatch(
        /^text\/plain;.*version=0\.0\.4/,
      );
      const lines: string[] = metrics.text.trimEnd().split('\n');
      for (const line of lines.filter(l => !l.startsWith('#'))) {
        expect(line).toMatch(SAMPLE);
      }
      expect(lines).toContain('# TYPE quality_entity_open_bugs gauge');
      expect(lines).toContain(
        'quality_entity_open_bugs{entity="component:default/search-api",severity="P1"} 1',
      );
      expect(lines).toContain(
        'quality_squad_budget_state{squad="group:default/search-squad",state="breached"} 1',
      );
      expect(lines).toContain(
        'quality_squad_budget_state{squad="group:default/search-squad",state="within"} 0',
      );
      expect(lines).toContain(
        'quality_entity_scorecard_level{entity="component:default/search-api"} 0',
      );
      // A family's samples are contiguous, each family announced once.
      const typeLines = lines.filter(l => l.startsWith('# TYPE'));
      expect(new Set(typeLines).size).toBe(typeLines.length);
      // Aggregates only: no label names a person.
      expect(metrics.text).not.toMatch(/user:|assignee|reporter/);
      await knex.destroy();
    },
  );

  it('keeps scorecards and the metrics endpoint behind their own permissions', async () => {
    const knex = await databases.init('SQLITE_3');
    await seedScenario(knex, Date.now());
    const denied = new Set(['quality.openmetrics.read']);
    const { server } = await startQualityBackend({
      knex,
      entities: scenarioEntities,
      features: [
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => ({
              result: denied.has(r.permission.name)
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
            })),
        }).factory,
      ],
    });
    expect((await getAsUser(server, '/v1/metrics')).status).toBe(403);
    expect(
      (
        await getAsUser(
          server,
          '/v1/entities/component/default/search-api/scorecard',
        )
      ).status,
    ).toBe(200);

    denied.clear();
    denied.add('quality.scorecard.read');
    expect(
      (
        await getAsUser(
          server,
          '/v1/entities/component/default/search-api/scorecard',
        )
      ).status,
    ).toBe(403);
    expect(
      (await getAsUser(server, '/v1/groups/default/search-squad/scorecard'))
        .status,
    ).toBe(403);
    expect((await getAsUser(server, '/v1/metrics')).status).toBe(200);
    // The summary needs quality.metrics.read, which is still allowed.
    expect(
      (
        await getAsUser(
          server,
          '/v1/entities/component/default/search-api/summary',
        )
      ).status,
    ).toBe(200);
    await knex.destroy();
  });
});
