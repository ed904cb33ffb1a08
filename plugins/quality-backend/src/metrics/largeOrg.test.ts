import { TestDatabases } from '@backstage/backend-test-utils';
import { NOW, syntheticOrganisation } from '../../bench/syntheticOrg';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';
import { QualityItemStore } from '../database/QualityItemStore';
import { gatherFacts } from './scorecardFacts';
import { orgOverview } from './orgOverview';
import { DEFAULT_CEILINGS } from './qualityBudget';
import { windowFromQuery } from './window';

jest.setTimeout(120_000);

/*
 * An org bigger than SQLite's 32,766 bound parameters when every (group,
 * service) pair is two of them: 6,000 services under squads, departments and
 * the org are 18,000 pairs. The org overview and the scorecard facts failed
 * with "too many SQL variables" on SQLite before the pairs went in as one
 * JSON text.
 */
describe('an org of 6,000 services', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const { org, entityRefs } = syntheticOrganisation({
    entities: 6000,
    squads: 60,
    departments: 6,
  });
  const window = windowFromQuery({}, { now: NOW, defaultDays: 90 });
  const options = { window, now: NOW, defaultCeilings: DEFAULT_CEILINGS };

  it.each(databases.eachSupportedId())(
    'gets its overview and scorecard facts on %p',
    async id => {
      const db = await databases.init(id);
      await db.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
      const last = entityRefs[entityRefs.length - 1];
      await new QualityItemStore(db, 'pagerduty').upsertIncidents([
        {
          externalId: 'INC-1',
          entityRef: last,
          title: 'Down',
          severity: 'P1',
          startedAt: new Date(NOW - 3 * 3_600_000),
          resolvedAt: new Date(NOW - 3_600_000),
        },
      ]);
      const overview = await orgOverview(db, org, options);
      const [root] = overview.roots;
      expect(root.entityCount).toBe(6000);
      // Two hours to resolve, counted in the service's squad, department and org.
      expect(root.mttr.critical.count).toBe(1);
      expect(root.mttr.critical.medianMs).toBe(2 * 3_600_000);
      const facts = await gatherFacts(db, org, entityRefs, options);
      expect(facts.entities.size).toBe(6000);
      expect(facts.squads.size).toBe(60);
      await db.destroy();
    },
  );
});
