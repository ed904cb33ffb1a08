/**
 * A small in-process cache for what the catalog says (the org as a caller
 * sees it, whether a caller sees an entity): entries live `ttlMs`, at most
 * `maxEntries` are kept and, when `sizeOf` is given, at most `maxBytes` of
 * them (oldest dropped first), and concurrent misses of one key share one
 * load. Failed loads are not kept.
 */
export class TtlCache<V> {
  private readonly entries = new Map<
    string,
    { value: Promise<V>; expiresAt: number; bytes: number }
  >();
  private bytes = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly limits: {
      maxEntries: number;
      maxBytes?: number;
      sizeOf?: (value: V) => number;
    },
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.now()) return entry.value;
    this.drop(key);
    const value = load();
    const kept = { value, expiresAt: this.now() + this.ttlMs, bytes: 0 };
    this.entries.set(key, kept);
    value.then(
      loaded => {
        if (this.entries.get(key) !== kept || !this.limits.sizeOf) return;
        kept.bytes = this.limits.sizeOf(loaded);
        this.bytes += kept.bytes;
        this.evict();
      },
      () => {
        if (this.entries.get(key) === kept) this.drop(key);
      },
    );
    this.evict();
    return value;
  }

  /** Bytes held by loaded entries, as `sizeOf` measures them. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private drop(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.entries.delete(key);
  }

  private evict() {
    const maxBytes = this.limits.maxBytes ?? Infinity;
    while (
      this.entries.size > this.limits.maxEntries ||
      (this.bytes > maxBytes && this.entries.size > 1)
    ) {
      this.drop(this.entries.keys().next().value!);
    }
  }
}
