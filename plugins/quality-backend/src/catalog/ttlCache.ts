/**
 * A small in-process cache for what the catalog says (the org as a caller
 * sees it, whether a caller sees an entity): entries live `ttlMs`, at most
 * `maxEntries` are kept (oldest dropped first), and concurrent misses of one
 * key share one load. Failed loads are not kept.
 */
export class TtlCache<V> {
  private readonly entries = new Map<
    string,
    { value: Promise<V>; expiresAt: number }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.now()) return entry.value;
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}
