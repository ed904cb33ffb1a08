import { monthsBack } from './monthlyTrends';

describe('the months of the long view', () => {
  it('are the calendar months up to the current one, oldest first, the current one up to now', () => {
    const now = Date.UTC(2026, 11, 7, 15, 30);
    const months = monthsBack(now, 12);
    expect(months).toHaveLength(12);
    expect(new Date(months[0].start).toISOString()).toBe(
      '2026-01-01T00:00:00.000Z',
    );
    expect(new Date(months[1].start).toISOString()).toBe(
      '2026-02-01T00:00:00.000Z',
    );
    expect(months[1].days).toBe(28);
    // Contiguous: each month ends where the next starts.
    for (let i = 1; i < months.length; i++) {
      expect(months[i].start).toBe(months[i - 1].end);
    }
    expect(new Date(months[11].start).toISOString()).toBe(
      '2026-12-01T00:00:00.000Z',
    );
    expect(months[11].end).toBe(now);
  });

  it('cross the year back', () => {
    const months = monthsBack(Date.UTC(2026, 1, 10), 3);
    expect(
      months.map(m => new Date(m.start).toISOString().slice(0, 7)),
    ).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(months[0].days).toBe(31);
  });
});
