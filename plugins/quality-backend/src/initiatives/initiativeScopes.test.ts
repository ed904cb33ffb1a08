import { TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Organisation } from '../catalog/organisation';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';
import { QualityItemStore } from '../database/QualityItemStore';
import { QualityMetrics } from '../metrics/QualityMetrics';
import { DEFAULT_CEILINGS } from '../metrics/qualityBudget';
import { testComponent } from '../__testUtils__/catalogEntities';
import {
  BUGS,
  components,
  CONFIG,
  created,
  groups,
  node,
  NOW,
  recentDay,
} from '../__testUtils__/initiativeHistory';
import { readInitiatives } from './definitions';
import { initiativeReport } from './initiativeReport';

jest.setTimeout(120_000);

/** The first initiative of CONFIG (halve escapes in commerce) with `changes`. */
function halveEscapes(changes: object) {
  return readInitiatives(
    new ConfigReader({
      quality: {
        initiatives: [
          { ...CONFIG.get<any[]>('quality.initiatives')[0], ...changes },
        ],
      },
    }),
  )[0];
}

describe('which services an initiative counts', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'counts only the services its filter matches, as a scorecard check filters them, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
      // An experimental service of the payments squad, all of its bugs escaped.
      const labs = testComponent('payments-labs', { owner: 'payments-squad' });
      labs.spec = { ...labs.spec, lifecycle: 'Experimental' };
      await new QualityItemStore(knex, 'jira').upsertBugs([
        ...BUGS,
        ...created('LAB-NEW', 'payments-labs', recentDay, 10, 10),
      ]);
      const org = Organisation.fromEntities(groups, [...components, labs]);
      const filtered = halveEscapes({ filter: { lifecycle: ['production'] } });
      const options = {
        metrics: new QualityMetrics(knex),
        org,
        now: NOW,
        defaultCeilings: DEFAULT_CEILINGS,
      };
      const payments = (report: any) =>
        node(report.scope, 'group:default/payments-squad').progress.current;

      const all = (await initiativeReport(
        readInitiatives(CONFIG)[0],
        options,
      ))!;
      expect(payments(all)).toMatchObject({ numerator: 12, denominator: 20 });
      expect(all.services).toBeUndefined();

      const production = (await initiativeReport(filtered, options))!;
      expect(production.services).toEqual({ lifecycle: ['production'] });
      expect(payments(production)).toMatchObject({
        numerator: 2,
        denominator: 10,
      });
      // 5 of 22 for commerce again: the experimental service adds nothing.
      expect(production.scope.progress.current).toMatchObject({
        numerator: 5,
        denominator: 22,
      });
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    "counts only the departments or squads listed, shown in the sponsor's tree, on %p",
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
      await new QualityItemStore(knex, 'jira').upsertBugs(BUGS);
      const options = {
        metrics: new QualityMetrics(knex),
        org: Organisation.fromEntities(groups, components),
        now: NOW,
        defaultCeilings: DEFAULT_CEILINGS,
      };
      const twoSquads = halveEscapes({
        scope: ['checkout-squad', 'group:default/infra-squad'],
      });
      expect(twoSquads.scopeGroupRefs).toEqual([
        'group:default/checkout-squad',
        'group:default/infra-squad',
      ]);

      const report = (await initiativeReport(twoSquads, options))!;
      // Under the sponsor, the groups between and the two squads; no other squad.
      expect(report.scopeRef).toBe('group:default/acme');
      expect(report.scopeGroupRefs).toEqual(twoSquads.scopeGroupRefs);
      const tree = (n: any): unknown => [n.groupRef, n.children.map(tree)];
      expect(tree(report.scope)).toEqual([
        'group:default/acme',
        [
          ['group:default/commerce', [['group:default/checkout-squad', []]]],
          ['group:default/platform', [['group:default/infra-squad', []]]],
        ],
      ]);
      // Checkout's 3 of 10 lately; infra created nothing in the window; the
      // payments squad's 2 of 10 are not the initiative's.
      const checkout = { numerator: 3, denominator: 10 };
      expect(report.scope.progress.current).toMatchObject(checkout);
      expect(
        node(report.scope, 'group:default/commerce').progress.current,
      ).toMatchObject(checkout);

      // A squad outside the list is not in the initiative, asked about itself.
      expect(
        await initiativeReport(
          twoSquads,
          options,
          'group:default/payments-squad',
        ),
      ).toBeUndefined();
      // A caller who sees neither listed squad gets nothing of it.
      const hidden = Organisation.fromEntities(
        groups.filter(
          g => !['checkout-squad', 'infra-squad'].includes(g.metadata.name),
        ),
        components,
      );
      expect(
        await initiativeReport(twoSquads, { ...options, org: hidden }),
      ).toBeUndefined();
      await knex.destroy();
    },
  );
});
