import { DateTime } from 'luxon';
import { jqlDate } from './jqlDate';

describe('jqlDate', () => {
  it('writes the instant as wall-clock minutes in the user’s zone', () => {
    expect(jqlDate(new Date('2026-11-24T11:05:59Z'), 'Europe/Berlin')).toBe(
      '2026-11-24 12:05',
    );
    expect(jqlDate(new Date('2026-07-01T11:05:00Z'), 'America/New_York')).toBe(
      '2026-07-01 07:05',
    );
  });

  it('never names a later instant in the hour a DST change repeats', () => {
    const zone = 'Europe/Berlin';
    // 25 October 2026: 02:00–03:00 local happens twice (CEST, then CET).
    for (const since of ['2026-10-25T00:43:12Z', '2026-10-25T01:43:12Z']) {
      const text = jqlDate(new Date(since), zone);
      const readings = [
        DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone }),
        DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone }).minus({
          hours: 1,
        }),
      ].filter(reading => reading.toFormat('yyyy-MM-dd HH:mm') === text);
      for (const reading of readings) {
        expect(reading.toMillis()).toBeLessThanOrEqual(Date.parse(since));
      }
    }
    expect(jqlDate(new Date('2026-10-25T00:43:12Z'), zone)).toBe(
      '2026-10-25 01:43',
    );
  });
});
