import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Organisation } from '../catalog/organisation';
import { DEFAULT_CEILINGS } from '../metrics/qualityBudget';
import { readScorecardPolicy } from '../scorecards/definitions';
import { ScorecardEngine } from '../scorecards/ScorecardEngine';
import {
  NOW,
  scenarioEntities,
  seedScenario,
} from '../__testUtils__/scorecardScenario';
import { registerQualityActions } from './qualityStateAction';
import { testAccess } from '../__testUtils__/catalogEntities';
import { QualityStores } from '../database/QualityStores';
import { QualityMetrics } from '../metrics/QualityMetrics';

jest.setTimeout(60_000);

describe('get-quality-state action', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function setUp(
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const db = await databases.init('SQLITE_3');
    await seedScenario(db);
    const catalog = catalogServiceMock({ entities: scenarioEntities });
    const engine = new ScorecardEngine({
      stores: new QualityStores(db),
      metrics: new QualityMetrics(db),
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      policy: readScorecardPolicy(new ConfigReader({})),
      defaultCeilings: DEFAULT_CEILINGS,
      windowDays: 90,
      now: () => NOW,
    });
    const components = scenarioEntities
      .filter(e => e.kind === 'Component')
      .map(e => ({ ref: `component:default/${e.metadata.name}`, tags: [] }));
    await engine.evaluate(
      Organisation.fromEntities(
        scenarioEntities.filter(e => e.kind === 'Group'),
        scenarioEntities.filter(e => e.kind === 'Component'),
      ),
      components,
    );
    const actions = actionsRegistryServiceMock();
    registerQualityActions({
      actionsRegistry: actions,
      access: testAccess(catalog, permission),
      scorecards: engine,
    });
    return { db, actions };
  }

  it('answers "what is the quality state of search-api" with the level, reasons and figures', async () => {
    const { db, actions } = await setUp();
    const { output } = await actions.invoke({
      id: 'test:get-quality-state',
      input: { entityRef: 'search-api' },
      credentials: mockCredentials.user(),
    });
    expect(output).toMatchObject({
      entityRef: 'component:default/search-api',
      kind: 'entity',
      level: null,
      openBugs: { P0: 0, P1: 1, P2: 0 },
      escapedDefectRate: {
        escaped: 3,
        created: 10,
        rate: 0.3,
        lowConfidence: false,
      },
      mttrCriticalMedianHours: 3,
      budget: { squad: 'group:default/search-squad', state: 'breached' },
    });
    const checks = (output as any).checksNotPassing as Array<{
      level: string;
      status: string;
      blocksNextLevel: boolean;
    }>;
    expect(checks).toContainEqual({
      check: 'No P0/P1 bug older than 7 days',
      level: 'Bronze',
      status: 'fail',
      reason: '1 open P0/P1 bug older than 7 days; needs at most 0',
      blocksNextLevel: true,
    });
    // What to act on first: the next level's checks, failing ones first, then the levels above.
    expect((output as any).nextLevel).toBe('Bronze');
    const levelOrder = ['Bronze', 'Silver', 'Gold'];
    const statusOrder = ['fail', 'warn', 'unknown'];
    const rank = (c: { level: string; status: string }) =>
      levelOrder.indexOf(c.level) * 10 + statusOrder.indexOf(c.status);
    expect(checks.map(rank)).toEqual(
      [...checks.map(rank)].sort((a, b) => a - b),
    );
    expect(checks.filter(c => c.blocksNextLevel).map(c => c.level)).toEqual(
      checks.filter(c => c.level === 'Bronze').map(c => c.level),
    );
    expect(checks.length).toBeGreaterThan(1);
    await db.destroy();
  });

  it('finds a squad by bare name and reports no person', async () => {
    const { db, actions } = await setUp();
    const { output } = await actions.invoke({
      id: 'test:get-quality-state',
      input: { entityRef: 'payments-squad' },
      credentials: mockCredentials.user(),
    });
    expect(output).toMatchObject({
      entityRef: 'group:default/payments-squad',
      kind: 'squad',
    });
    expect(JSON.stringify(output)).not.toMatch(/user:/);
    await db.destroy();
  });

  it('says what was not found, and refuses without the scorecard permission', async () => {
    const { db, actions } = await setUp();
    await expect(
      actions.invoke({
        id: 'test:get-quality-state',
        input: { entityRef: 'nope' },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow(
      'No catalog entity component:default/nope or group:default/nope',
    );
    await db.destroy();

    const denied = await setUp(AuthorizeResult.DENY);
    await expect(
      denied.actions.invoke({
        id: 'test:get-quality-state',
        input: { entityRef: 'search-api' },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow('Not allowed to read scorecards');
    await denied.db.destroy();
  });
});
