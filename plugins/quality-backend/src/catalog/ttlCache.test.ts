import { TtlCache } from './ttlCache';

describe('TtlCache', () => {
  it('loads once for concurrent callers, keeps the value for its lifetime, then loads again', async () => {
    let clock = 0;
    let loads = 0;
    const cache = new TtlCache<string>(1_000, { maxEntries: 10 }, () => clock);
    const load = async () => `org #${++loads}`;
    const [a, b] = await Promise.all([
      cache.get('user:default/kim', load),
      cache.get('user:default/kim', load),
    ]);
    expect([a, b, loads]).toEqual(['org #1', 'org #1', 1]);
    clock = 999;
    expect(await cache.get('user:default/kim', load)).toBe('org #1');
    clock = 1_000;
    expect(await cache.get('user:default/kim', load)).toBe('org #2');
  });

  it('keeps callers apart, drops the oldest past its size, and forgets failed loads', async () => {
    const cache = new TtlCache<string>(60_000, { maxEntries: 2 });
    await cache.get('a', async () => 'a1');
    await cache.get('b', async () => 'b1');
    await cache.get('c', async () => 'c1');
    expect(await cache.get('a', async () => 'a2')).toBe('a2');
    expect(await cache.get('c', async () => 'c2')).toBe('c1');

    await expect(
      cache.get('d', async () => {
        throw new Error('catalog unavailable');
      }),
    ).rejects.toThrow('catalog unavailable');
    expect(await cache.get('d', async () => 'd2')).toBe('d2');
  });

  it('holds at most maxBytes of loaded values, dropping the oldest first', async () => {
    const cache = new TtlCache<string>(60_000, {
      maxEntries: 100,
      maxBytes: 10,
      sizeOf: value => value.length,
    });
    await cache.get('a', async () => 'aaaa');
    await cache.get('b', async () => 'bbbb');
    expect(cache.size).toEqual({ entries: 2, bytes: 8 });
    await cache.get('c', async () => 'cccc');
    // 12 bytes is over the bound: the oldest goes, the newest two stay.
    expect(cache.size).toEqual({ entries: 2, bytes: 8 });
    expect(await cache.get('b', async () => 'fresh')).toBe('bbbb');
    expect(await cache.get('a', async () => 'a2')).toBe('a2');
    // One value larger than the bound is kept alone rather than never cached.
    await cache.get('huge', async () => 'x'.repeat(50));
    expect(cache.size).toEqual({ entries: 1, bytes: 50 });
  });
});
