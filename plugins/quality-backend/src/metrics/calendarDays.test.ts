import { DateTime } from 'luxon';
import { QUARTER_MS } from '../database/burnDownRollup';
import { calendarDays, lastDays } from './calendarDays';

const DAY = 24 * 60 * 60 * 1000;

/** The days as the calendar has them, one `plus({ days })` at a time. */
function reference(firstDay: DateTime, count: number) {
  const days = Array.from({ length: count + 1 }, (_, i) =>
    firstDay.plus({ days: i }),
  );
  return {
    dates: days.slice(0, count).map(day => day.toISODate()),
    starts: days.map(day => Math.round(day.toMillis() / QUARTER_MS)),
  };
}

describe('calendar days', () => {
  // Across the end of a month, a leap day and a DST change in Europe.
  const end = Date.UTC(2028, 2, 27, 10, 30);
  const window = (zone?: string) => ({
    start: end - 40 * DAY,
    end,
    days: 40,
    zone,
  });

  it.each([undefined, 'UTC', 'UTC+5:30', 'UTC-8', 'Europe/Berlin'])(
    'are the calendar days of the window in zone %p',
    zone => {
      const z = zone ?? 'UTC';
      const first = DateTime.fromMillis(end - 40 * DAY, { zone: z }).startOf(
        'day',
      );
      expect(calendarDays(window(zone))).toEqual(reference(first, 41));
      const last = DateTime.fromMillis(end - 1, { zone: z }).startOf('day');
      expect(lastDays(window(zone), 29)).toEqual(
        reference(last.minus({ days: 28 }), 29),
      );
    },
  );

  it('start each day at local midnight, 23 hours long on the day DST starts', () => {
    const { dates, starts } = lastDays(window('Europe/Berlin'), 29);
    const march26 = dates.indexOf('2028-03-26');
    expect(starts[march26 + 1] - starts[march26]).toBe(23 * 4);
    expect(starts[march26] - starts[march26 - 1]).toBe(24 * 4);
  });

  it('start each day at the offset midnight in a fixed zone', () => {
    const { dates, starts } = lastDays(window('UTC+5:30'), 2);
    expect(dates).toEqual(['2028-03-26', '2028-03-27']);
    expect(starts[0] * QUARTER_MS).toBe(Date.UTC(2028, 2, 25, 18, 30));
  });
});
