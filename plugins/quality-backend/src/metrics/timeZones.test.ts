import { TestDatabases } from '@backstage/backend-test-utils';
import { testComponent } from '../__testUtils__/catalogEntities';
import {
  getAsUser,
  startQualityBackend,
} from '../__testUtils__/qualityTestBackend';
import { QualityItemStore } from '../database/QualityItemStore';

jest.setTimeout(60_000);

const A = 'component:default/payments-api';

/** A P2 bug opened at `opened` (UTC ISO) and, optionally, closed at `closed`. */
function bug(id: string, opened: string, closed?: string) {
  return {
    externalId: id,
    title: id,
    escaped: false,
    history: [
      {
        at: new Date(opened),
        status: 'open' as const,
        severity: 'P2' as const,
        entityRef: A,
      },
      ...(closed
        ? [
            {
              at: new Date(closed),
              status: 'closed' as const,
              severity: 'P2' as const,
              entityRef: A,
            },
          ]
        : []),
    ],
  };
}

describe('calendar windows in a time zone', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'count open bugs at local midnight, across the DST change, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await startQualityBackend({
        knex,
        entities: [testComponent('payments-api')],
      });
      await new QualityItemStore(knex, 'jira').upsertBugs([
        // 23:30 UTC on 1 March is 00:30 on 2 March in Berlin (UTC+1).
        bug('LATE-EVENING', '2026-03-01T23:30:00Z'),
        // Opened at 22:50 Berlin on 10 March, closed at 00:10 the next day.
        bug('OVERNIGHT', '2026-03-10T21:50:00Z', '2026-03-10T23:10:00Z'),
        // 22:30 UTC on 29 March is 00:30 on the 30th: Berlin is UTC+2 from 02:00 on the 29th.
        bug('AFTER-DST', '2026-03-29T22:30:00Z'),
        // 23:59 on 31 March in Berlin: the last minute of the window.
        bug('LAST-MINUTE', '2026-03-31T21:59:00Z'),
        // Midnight of 1 April in Berlin: the day after the window.
        bug('APRIL', '2026-03-31T22:00:00Z'),
      ]);
      const series = async (zone?: string) => {
        const response = await getAsUser(
          server,
          `/v1/entities/component/default/payments-api/timeseries?from=2026-03-01&to=2026-03-31${
            zone ? `&timeZone=${encodeURIComponent(zone)}` : ''
          }`,
        );
        if (response.status !== 200)
          throw new Error(JSON.stringify(response.body));
        return response.body.burnDown as Array<{ date: string; total: number }>;
      };

      const berlin = await series('Europe/Berlin');
      expect(berlin).toHaveLength(31);
      expect(berlin[0].date).toBe('2026-03-01');
      expect(berlin[30].date).toBe('2026-03-31');
      const totals = Object.fromEntries(berlin.map(p => [p.date, p.total]));
      // Hand-computed, at the end of each Berlin day.
      expect(totals['2026-03-01']).toBe(0);
      expect(totals['2026-03-02']).toBe(1);
      expect(totals['2026-03-10']).toBe(2); // OVERNIGHT is open at 23:59:59.999 Berlin
      expect(totals['2026-03-11']).toBe(1);
      expect(totals['2026-03-29']).toBe(1);
      expect(totals['2026-03-30']).toBe(2);
      expect(totals['2026-03-31']).toBe(3);

      // The same month in UTC: the bugs fall on other days.
      const utc = Object.fromEntries(
        (await series()).map(p => [p.date, p.total]),
      );
      expect(Object.keys(utc)).toHaveLength(31);
      expect(utc['2026-03-01']).toBe(1);
      expect(utc['2026-03-10']).toBe(1);
      expect(utc['2026-03-29']).toBe(2);
      expect(utc['2026-03-31']).toBe(4);

      // Kolkata is UTC+5:30: a day starts at 18:30 UTC.
      const kolkata = Object.fromEntries(
        (await series('Asia/Kolkata')).map(p => [p.date, p.total]),
      );
      expect(kolkata['2026-03-01']).toBe(0);
      expect(kolkata['2026-03-02']).toBe(1);
      await knex.destroy();
    },
  );
});
