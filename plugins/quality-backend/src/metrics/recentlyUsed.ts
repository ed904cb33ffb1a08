/**
 * Puts `key` last in `map`, as the most recently used, and forgets the least
 * recently used entries beyond `max` (a Map iterates in insertion order).
 */
export function keepRecent<K, V>(
  map: Map<K, V>,
  key: K,
  value: V,
  max: number,
): void {
  map.delete(key);
  map.set(key, value);
  for (const old of map.keys()) {
    if (map.size <= max) break;
    map.delete(old);
  }
}
