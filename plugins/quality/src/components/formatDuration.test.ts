import { formatDuration } from './formatDuration';

const MINUTE = 60_000;

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [20_000, '< 1 min'],
    [42 * MINUTE, '42 min'],
    [125 * MINUTE, '2 h 5 min'],
    [(47 * 60 + 59) * MINUTE, '47 h 59 min'],
    [3 * 24 * 60 * MINUTE + 7 * 60 * MINUTE, '3 d 7 h'],
  ])('formats %p as %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
