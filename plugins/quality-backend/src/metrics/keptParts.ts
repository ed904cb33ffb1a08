import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { DataKind, versionsOf } from '../database/entityVersions';
import { keepRecent } from './recentlyUsed';
import { isRolling, TimeWindow } from './window';

/**
 * How long a part serves while nothing it reads is written: as long as a
 * whole answer is served (`ANSWER_TTL_MS`), since a rolling window's end
 * and the ages of open bugs move with the clock.
 */
export const PART_TTL_MS = 60_000;
/** Parts kept in this process, the least recently asked forgotten first. */
const PARTS_KEPT = 5_000;

/**
 * One part of an answer: computed by `compute`, which reads only the kinds
 * of data in `reads`.
 */
export type AnswerPart = <T>(
  name: string,
  reads: DataKind[],
  compute: () => Promise<T>,
) => Promise<T>;

/** Every part computed as asked: an answer from scratch. */
export const computeEveryPart: AnswerPart = (_name, _reads, compute) =>
  compute();

interface Kept {
  versions: number[];
  expiresAt: number;
  value: Promise<unknown>;
}

/**
 * Parts of answers kept between requests (issue 22): a squad summary is a
 * miss whenever any of its services is written, though a new deployment
 * leaves its MTTR and its bug time to fix as they were. Each part is kept
 * with the versions of the kinds of data it reads, read before it is
 * computed, so a part is served only while none of them moved — on any
 * instance, since the versions are the database's — and never after the data
 * under it changed. Concurrent requests share a part being computed.
 */
export class KeptParts {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The parts of one answer over these entities in this window, as of the
   * versions given — read before anything is computed, as the answer cache
   * reads them — or of the data now.
   */
  async of(
    entityRefs: string[],
    window: TimeWindow,
    versionsRead?: Record<DataKind, number>,
  ): Promise<AnswerPart> {
    const versions =
      versionsRead ?? (await versionsOf(this.db, entityRefs)).kinds;
    const scope = scopeKey(entityRefs, window, this.now());
    return <T>(name: string, reads: DataKind[], compute: () => Promise<T>) =>
      this.part(
        `${name} ${scope}`,
        reads.map(kind => versions[kind]),
        compute,
      );
  }

  /** Parts held, for tests and the soak benchmark. */
  get size(): number {
    return this.kept.size;
  }

  private part<T>(
    key: string,
    versions: number[],
    compute: () => Promise<T>,
  ): Promise<T> {
    const now = this.now();
    const found = this.kept.get(key);
    if (
      found &&
      found.expiresAt > now &&
      found.versions.every((v, i) => v >= versions[i])
    ) {
      keepRecent(this.kept, key, found, PARTS_KEPT);
      return found.value as Promise<T>;
    }
    const value = compute();
    // A slower request that read older versions does not replace newer figures.
    if (!found || found.versions.every((v, i) => v <= versions[i])) {
      const entry = { versions, expiresAt: now + PART_TTL_MS, value };
      keepRecent(this.kept, key, entry, PARTS_KEPT);
      value.catch(() => {
        if (this.kept.get(key) === entry) this.kept.delete(key);
      });
    }
    return value;
  }
}

/**
 * The entities (a caller's view of a squad) and the window. A rolling window
 * that ends now moves with the clock, so it is kept by its length (its parts
 * are a minute old at most); any other window — a calendar one, or the
 * earlier window a comparison reads — by its bounds.
 */
function scopeKey(
  entityRefs: string[],
  window: TimeWindow,
  now: number,
): string {
  const endsNow = isRolling(window) && Math.abs(now - window.end) < PART_TTL_MS;
  const hash = createHash('sha1');
  hash.update(
    endsNow
      ? `to now ${window.days}\n`
      : `${window.start} ${window.end} ${window.zone ?? ''}\n`,
  );
  for (const ref of entityRefs) hash.update(`${ref}\n`);
  return hash.digest('base64url');
}
