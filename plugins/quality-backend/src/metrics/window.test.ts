import { DAY_MS as DAY } from '../time';
import { asOfMinute, asOfNextMinute, windowFromQuery } from './window';

describe('asOfMinute', () => {
  it('ends a window that ends now at the start of the minute, the same length', () => {
    const now = Date.UTC(2026, 11, 7, 10, 15, 42, 500);
    const minute = Date.UTC(2026, 11, 7, 10, 15);
    const window = { start: now - 90 * DAY, end: now, days: 90 };
    expect(asOfMinute(window, now)).toEqual({
      window: { start: minute - 90 * DAY, end: minute, days: 90 },
      now: minute,
    });
  });

  it('asOfNextMinute: the window a request of the next minute will ask for', () => {
    const now = Date.UTC(2026, 11, 7, 10, 15, 52, 250);
    const next = Date.UTC(2026, 11, 7, 10, 16);
    const window = { start: now - 30 * DAY, end: now, days: 30 };
    expect(asOfNextMinute(window, now)).toEqual({
      window: { start: next - 30 * DAY, end: next, days: 30 },
      now: next,
    });
    const calendar = {
      start: Date.UTC(2026, 8, 1),
      end: Date.UTC(2026, 10, 24),
      days: 84,
      zone: 'UTC',
    };
    expect(asOfNextMinute(calendar, now)).toEqual({
      window: calendar,
      now: next,
    });
  });

  it('gives every request of a minute the same window, though a request reads its window before the instant it asks at', () => {
    const minute = Date.UTC(2026, 11, 7, 10, 15);
    const asked = [3_001, 17_250, 59_990].map(offset => {
      const read = minute + offset;
      const window = windowFromQuery({}, { now: read, defaultDays: 90 });
      return asOfMinute(window, read + 7);
    });
    expect(asked[1]).toEqual(asked[0]);
    expect(asked[2]).toEqual(asked[0]);
    expect(asked[0].window.end).toBe(minute);
  });

  it('keeps the end of a window of calendar days', () => {
    const now = Date.UTC(2026, 11, 7, 10, 15, 42);
    const window = {
      start: Date.UTC(2026, 8, 1),
      end: Date.UTC(2026, 10, 24),
      days: 84,
      zone: 'UTC',
    };
    expect(asOfMinute(window, now)).toEqual({
      window,
      now: Date.UTC(2026, 11, 7, 10, 15),
    });
  });
});
