import { ConfigReader } from '@backstage/config';
import { readInitiatives } from './definitions';

const base = {
  id: 'halve-escapes',
  title: 'Halve escaped defects',
  why: 'Escapes cost our customers most.',
  metric: 'escaped-defect-rate',
  sponsor: 'engineering',
  start: '2026-05-01',
  deadline: '2026-10-31',
  target: '-50%',
};
const read = (...initiatives: object[]) =>
  readInitiatives(new ConfigReader({ quality: { initiatives } }));

describe('readInitiatives', () => {
  it('reads an initiative, its dates as UTC days and a relative target', () => {
    expect(read(base)).toEqual([
      {
        id: 'halve-escapes',
        title: 'Halve escaped defects',
        why: 'Escapes cost our customers most.',
        metric: 'escaped-defect-rate',
        sponsorRef: 'group:default/engineering',
        scopeRef: undefined,
        start: Date.UTC(2026, 4, 1),
        // The deadline's day is included: the line ends at its end.
        deadline: Date.UTC(2026, 10, 1),
        target: { kind: 'relative', change: -0.5 },
        windowDays: 30,
      },
    ]);
    expect(
      read({ ...base, target: 0.05, scope: 'group:default/payments' })[0],
    ).toMatchObject({
      target: { kind: 'absolute', value: 0.05 },
      scopeRef: 'group:default/payments',
    });
    expect(read()).toEqual([]);
  });

  it('reads a scope of several groups, and a list of one as one group', () => {
    expect(
      read({ ...base, scope: ['payments', 'group:default/search'] })[0],
    ).toMatchObject({
      scopeRef: undefined,
      scopeGroupRefs: ['group:default/payments', 'group:default/search'],
    });
    const one = read({ ...base, scope: ['payments'] })[0];
    expect(one.scopeRef).toBe('group:default/payments');
    expect(one.scopeGroupRefs).toBeUndefined();
  });

  it('reads which services count, lower-cased as check filters are', () => {
    expect(
      read({ ...base, filter: { lifecycle: ['Production'], tag: ['pci'] } })[0]
        .services,
    ).toEqual({ lifecycle: ['production'], tag: ['pci'] });
    expect(read(base)[0].services).toBeUndefined();
  });

  it('reads days relative to the day the backend starts', () => {
    const now = Date.UTC(2026, 11, 7, 15, 30);
    const [initiative] = readInitiatives(
      new ConfigReader({
        quality: {
          initiatives: [
            { ...base, start: 'today-150d', deadline: 'today+90d' },
          ],
        },
      }),
      now,
    );
    expect(new Date(initiative.start).toISOString()).toBe(
      '2026-07-10T00:00:00.000Z',
    );
    // The deadline's day is included: its end.
    expect(new Date(initiative.deadline).toISOString()).toBe(
      '2027-03-08T00:00:00.000Z',
    );
  });

  it.each([
    [
      { metric: 'velocity' },
      /quality\.initiatives\[0\]\.metric must be one of/,
    ],
    [{ start: '2026-02-30' }, /\.start must be a day as YYYY-MM-DD/],
    [{ deadline: '2026-04-01' }, /\.deadline must not be before/],
    [{ target: 'half' }, /\.target must be a number or a change/],
    [{ target: 1.5 }, /\.target is a share for escaped-defect-rate/],
    [{ target: '-150%' }, /\.target must not go below -100%/],
    [{ sponsor: 'user:default/alice' }, /\.sponsor must be a group reference/],
    [{ id: 'Halve Escapes' }, /\.id must be lower-case/],
    [{ windowDays: 0 }, /\.windowDays must be a whole number/],
    [{ filter: { kind: ['group'] } }, /\.filter\.kind is not allowed/],
    [{ scope: [] }, /\.scope must be a group reference or a list of them/],
    [
      { scope: ['payments', 'user:default/kim'] },
      /\.scope\[1\] must be a group reference/,
    ],
    [{ filter: { tag: [] } }, /\.filter\.tag must not be empty/],
  ])('refuses %p with an error naming the key', (change, message) => {
    expect(() => read({ ...base, ...change })).toThrow(message);
  });

  it('refuses the same id twice', () => {
    expect(() => read(base, base)).toThrow(/"halve-escapes" is used twice/);
  });
});
