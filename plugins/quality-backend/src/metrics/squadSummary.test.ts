import { syntheticDatabase } from '../__testUtils__/syntheticDatabase';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { NOW, syntheticOrganisation } from '../../bench/syntheticOrg';
import { burnDownTrend } from './burnDown';
import { DEFAULT_CEILINGS } from './qualityBudget';
import { escapedDefectRate } from './ratios';
import { squadSummary } from './squadSummary';
import { windowFromQuery } from './window';

jest.setTimeout(120_000);

const { org, entityRefs } = syntheticOrganisation({
  entities: 12,
  squads: 3,
  departments: 1,
});
const squads = [...org.groups.values()].filter(g => g.type === 'team');

const WINDOWS = {
  'the last 90 days': windowFromQuery({}, { now: NOW, defaultDays: 90 }),
  // Calendar days in Berlin, across the end of summer time (2026-10-25).
  'October–November in Berlin': windowFromQuery(
    { from: '2026-10-01', to: '2026-11-23', timeZone: 'Europe/Berlin' },
    { now: NOW, defaultDays: 90 },
  ),
};

describe('squad summary', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'adds its escaped rate and trend up from its services, equal to the scope queried whole, on %p',
    async (databaseId: TestDatabaseId) => {
      const db = await syntheticDatabase(databases, databaseId, entityRefs, {
        bugs: 400,
        incidents: 20,
        deployments: 20,
        postmortems: 5,
      });
      let deltaReads = 0;
      db.on('query', ({ sql }: { sql: string }) => {
        if (sql.includes('quality_bug_open_deltas')) deltaReads += 1;
      });
      for (const window of Object.values(WINDOWS)) {
        for (const squad of squads) {
          const scope = org.entitiesOf(squad.ref);
          const whole = {
            escaped: await escapedDefectRate(db, scope, window),
            trend: await burnDownTrend(db, scope, window),
          };
          deltaReads = 0;
          const summary = await squadSummary(db, org, squad, {
            window,
            now: NOW,
            defaultCeilings: DEFAULT_CEILINGS,
          });
          expect(summary.escapedDefectRate).toEqual(whole.escaped);
          expect(summary.burnDownTrend).toEqual(whole.trend);
          // The weekly points per service are the only read of the deltas.
          expect(deltaReads).toBe(1);
        }
      }
      // Not all nothing: the data has escaped bugs and open ones in these windows.
      const first = await squadSummary(db, org, squads[0], {
        window: WINDOWS['the last 90 days'],
        now: NOW,
        defaultCeilings: DEFAULT_CEILINGS,
      });
      expect(first.escapedDefectRate.numerator).toBeGreaterThan(0);
      expect(first.burnDownTrend.weekly[4].open).toBeGreaterThan(0);
      await db.destroy();
    },
  );
});
