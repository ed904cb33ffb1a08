import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { DurationStats } from '@quality-pulse/plugin-quality-common';
import { Organisation } from '../catalog/organisation';
import { allEntityVersions } from '../database/entityVersions';
import { EntityCounts, entityRollups } from './entityRollups';
import { mttrPerGroup } from './mttr';
import { OverviewFigures } from './orgOverview';
import { keepRecent } from './recentlyUsed';
import { TimeWindow } from './window';

/**
 * Figures of this many (window, instant) pairs are kept: this minute's and
 * the next (prepared late in the minute) for each of the windows the
 * pickers offer (30, 90 and 180 days).
 */
const KEEP = 6;
/** Group MTTRs kept per pair, across every caller's view of the org. */
const MTTRS_KEPT = 20_000;

/** Kept figures' key: a window and the instant they are as of. */
const keyOf = (window: TimeWindow, now: number) =>
  JSON.stringify([window.start, window.end, window.zone ?? null, now]);

type GroupMttr = { overall?: DurationStats; critical?: DurationStats };

interface Kept {
  /** Each entity's counts with the version read before they were computed. */
  counts: Map<string, { version: number; counts: EntityCounts }>;
  /**
   * Counts being read, by entity, with the version read before: a caller
   * that read the same version (or an older one) waits for them instead of
   * reading them again.
   */
  reading: Map<string, { version: number; counts: Promise<CountsRead> }>;
  /** MTTR of a group by `<group> <fingerprint of its entities and their incident versions>`. */
  mttrs: Map<string, GroupMttr>;
  /** MTTRs being ranked, by the same key. */
  ranking: Map<string, Promise<Map<string, GroupMttr>>>;
}

type CountsRead = Map<string, EntityCounts>;

/**
 * The org overview's figures kept in this process between answers, so that
 * a miss recomputes only what writes moved (issue 22): syncs write all day,
 * and each write moves the versions of the entities it touched, so the
 * counts of an entity whose version did not move are reused, and a group's
 * MTTR is ranked again only when an incident of one of its entities changed
 * in a way MTTR reads (incident versions), or its entities changed. Kept
 * per window and instant: the route asks as of a whole minute, so counts
 * computed a few seconds apart add up exactly. Versions are read before the
 * figures, so a write racing a computation leaves the kept figures newer
 * than their version, never older: the next miss recomputes them.
 *
 * While writes arrive, misses overlap: one still reads the entities a write
 * moved when the next write lands. A miss therefore reads only what no miss
 * in flight is reading already at its version or later, and waits for the
 * rest; otherwise each overlapping miss reads again everything moved since
 * the last one finished, and the slower they get the more they read.
 */
export class KeptOverviewFigures {
  private readonly kept = new Map<string, Kept>();
  /** Figures being prepared ahead, by key: a miss of the same key waits for them. */
  private readonly preparing = new Map<string, Promise<unknown>>();

  constructor(private readonly db: Knex) {}

  async figures(
    org: Organisation,
    window: TimeWindow,
    now: number,
  ): Promise<OverviewFigures> {
    const key = keyOf(window, now);
    await this.preparing.get(key);
    const kept = this.keptFor(key);
    const versions = await allEntityVersions(this.db);
    const versionOf = (ref: string) => versions.get(ref)?.version ?? 0;
    const incidentVersionOf = (ref: string) =>
      versions.get(ref)?.incidentVersion ?? 0;

    const entityRefs = org.allEntityRefs();
    const counts = this.countsOf(kept, entityRefs, versionOf, window, now);
    const mttrKeys = new Map(
      [...org.groups.keys()].map(groupRef => [
        groupRef,
        `${groupRef} ${fingerprint(
          org.entitiesOf(groupRef),
          incidentVersionOf,
        )}`,
      ]),
    );
    const mttrs = this.mttrsOf(kept, org, mttrKeys, window);

    const [rollups, groupMttrs] = await Promise.all([counts, mttrs]);
    const result: OverviewFigures = { rollups, mttrs: new Map() };
    for (const [groupRef, mttrKey] of mttrKeys) {
      const { overall, critical } = groupMttrs.get(mttrKey)!;
      if (overall) result.mttrs.set(`${groupRef} overall`, overall);
      if (critical) result.mttrs.set(`${groupRef} critical`, critical);
    }
    return result;
  }

  /** The counts of these entities: kept, being read by another miss, or read now. */
  private async countsOf(
    kept: Kept,
    entityRefs: string[],
    versionOf: (ref: string) => number,
    window: TimeWindow,
    now: number,
  ): Promise<Map<string, EntityCounts>> {
    const waiting = new Map<string, Promise<CountsRead>>();
    const toRead: string[] = [];
    for (const ref of entityRefs) {
      const version = versionOf(ref);
      if ((kept.counts.get(ref)?.version ?? -1) >= version) continue;
      const reading = kept.reading.get(ref);
      if (reading && reading.version >= version) {
        waiting.set(ref, reading.counts);
      } else {
        toRead.push(ref);
      }
    }
    if (toRead.length > 0) {
      const reading = entityRollups(this.db, toRead, window, now).then(read => {
        for (const ref of toRead) {
          const version = versionOf(ref);
          if ((kept.counts.get(ref)?.version ?? -1) < version) {
            kept.counts.set(ref, { version, counts: read.get(ref)! });
          }
        }
        return read;
      });
      for (const ref of toRead) {
        kept.reading.set(ref, { version: versionOf(ref), counts: reading });
        waiting.set(ref, reading);
      }
      void reading
        .finally(() => {
          for (const ref of toRead) {
            if (kept.reading.get(ref)?.counts === reading) {
              kept.reading.delete(ref);
            }
          }
        })
        .catch(() => undefined);
    }
    const reads = new Map<Promise<CountsRead>, CountsRead>();
    for (const reading of new Set(waiting.values())) {
      reads.set(reading, await reading);
    }
    const counts = new Map<string, EntityCounts>();
    for (const ref of entityRefs) {
      const reading = waiting.get(ref);
      counts.set(
        ref,
        reading ? reads.get(reading)!.get(ref)! : kept.counts.get(ref)!.counts,
      );
    }
    return counts;
  }

  /** MTTR by key: kept, being ranked by another miss, or ranked now. */
  private async mttrsOf(
    kept: Kept,
    org: Organisation,
    mttrKeys: Map<string, string>,
    window: TimeWindow,
  ): Promise<Map<string, GroupMttr>> {
    const result = new Map<string, GroupMttr>();
    const waiting = new Set<Promise<Map<string, GroupMttr>>>();
    const toRank: Array<[string, string]> = [];
    for (const [groupRef, mttrKey] of mttrKeys) {
      const keptMttr = kept.mttrs.get(mttrKey);
      const ranking = kept.ranking.get(mttrKey);
      if (keptMttr) result.set(mttrKey, keptMttr);
      else if (ranking) waiting.add(ranking);
      else toRank.push([groupRef, mttrKey]);
    }
    if (toRank.length > 0) {
      const ranking = mttrPerGroup(
        this.db,
        org,
        window,
        toRank.map(([groupRef]) => groupRef),
      ).then(ranked => {
        const byKey = new Map<string, GroupMttr>(
          toRank.map(([groupRef, mttrKey]) => [
            mttrKey,
            {
              overall: ranked.get(`${groupRef} overall`),
              critical: ranked.get(`${groupRef} critical`),
            },
          ]),
        );
        if (kept.mttrs.size + byKey.size > MTTRS_KEPT) kept.mttrs.clear();
        for (const [mttrKey, mttr] of byKey) kept.mttrs.set(mttrKey, mttr);
        return byKey;
      });
      for (const [, mttrKey] of toRank) kept.ranking.set(mttrKey, ranking);
      waiting.add(ranking);
      void ranking
        .finally(() => {
          for (const [, mttrKey] of toRank) kept.ranking.delete(mttrKey);
        })
        .catch(() => undefined);
    }
    for (const ranking of waiting) {
      for (const [mttrKey, mttr] of await ranking) {
        result.set(mttrKey, mttr);
      }
    }
    return result;
  }

  /**
   * Computes the figures of a coming (window, instant) off the request path:
   * otherwise the first request of each minute counts the whole org while
   * every caller waits for it. Writes made after are caught by the versions,
   * as for any kept figure. Resolves when done; a failure is the next miss's
   * to meet.
   */
  prepare(org: Organisation, window: TimeWindow, now: number): Promise<void> {
    const key = keyOf(window, now);
    if (this.kept.has(key)) return Promise.resolve();
    const pending =
      this.preparing.get(key) ??
      this.figures(org, window, now)
        .catch(() => undefined)
        .finally(() => this.preparing.delete(key));
    this.preparing.set(key, pending);
    return pending.then(() => undefined);
  }

  /** The figures of a key, most recently used last: a window few ask for cannot evict the one most do. */
  private keptFor(key: string): Kept {
    const kept = this.kept.get(key) ?? {
      counts: new Map(),
      reading: new Map(),
      mttrs: new Map(),
      ranking: new Map(),
    };
    keepRecent(this.kept, key, kept, KEEP);
    return kept;
  }
}

/** A group's entities and their versions, in a few bytes: another view of the org or a write gives another. */
function fingerprint(
  entityRefs: string[],
  versionOf: (ref: string) => number,
): string {
  const hash = createHash('sha1');
  for (const ref of entityRefs) hash.update(`${ref}\u0000${versionOf(ref)}\n`);
  return hash.digest('base64url');
}
