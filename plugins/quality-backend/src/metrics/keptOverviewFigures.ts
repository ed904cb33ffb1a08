import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { DurationStats } from '@quality-pulse/plugin-quality-common';
import { Organisation } from '../catalog/organisation';
import { allEntityVersions } from '../database/entityVersions';
import { EntityCounts, entityRollups } from './entityRollups';
import { mttrPerGroup } from './mttr';
import { OverviewFigures } from './orgOverview';
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

interface Kept {
  /** Each entity's counts with the version read before they were computed. */
  counts: Map<string, { version: number; counts: EntityCounts }>;
  /** MTTR of a group by `<group> <fingerprint of its entities and their incident versions>`. */
  mttrs: Map<string, { overall?: DurationStats; critical?: DurationStats }>;
}

/**
 * The org overview's figures kept in this process between answers, so that
 * a miss recomputes only what writes moved (issue 22): syncs write all day,
 * and each write moves the versions of the entities it touched, so the
 * counts of an entity whose version did not move are reused, and a group's
 * MTTR is ranked again only when an incident of one of its entities changed
 * in a way MTTR reads (incident versions), or its entities changed. Kept
 * per window and instant: the route asks as of a whole minute, so counts
 * computed a few seconds apart add up exactly. Versions
 * are read before the figures, so a write racing a computation leaves the
 * kept figures newer than their version, never older: the next miss
 * recomputes them.
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
    const staleEntities = entityRefs.filter(
      ref => kept.counts.get(ref)?.version !== versionOf(ref),
    );
    const mttrKeys = new Map(
      [...org.groups.keys()].map(groupRef => [
        groupRef,
        `${groupRef} ${fingerprint(
          org.entitiesOf(groupRef),
          incidentVersionOf,
        )}`,
      ]),
    );
    const staleGroups = [...mttrKeys]
      .filter(([, mttrKey]) => !kept.mttrs.has(mttrKey))
      .map(([groupRef]) => groupRef);

    const [counts, mttrs] = await Promise.all([
      staleEntities.length
        ? entityRollups(this.db, staleEntities, window, now)
        : new Map<string, EntityCounts>(),
      staleGroups.length
        ? mttrPerGroup(this.db, org, window, staleGroups)
        : new Map<string, DurationStats>(),
    ]);
    for (const [ref, entityCounts] of counts) {
      kept.counts.set(ref, { version: versionOf(ref), counts: entityCounts });
    }
    if (kept.mttrs.size + staleGroups.length > MTTRS_KEPT) kept.mttrs.clear();
    for (const groupRef of staleGroups) {
      kept.mttrs.set(mttrKeys.get(groupRef)!, {
        overall: mttrs.get(`${groupRef} overall`),
        critical: mttrs.get(`${groupRef} critical`),
      });
    }

    const result: OverviewFigures = { rollups: new Map(), mttrs: new Map() };
    for (const ref of entityRefs) {
      result.rollups.set(ref, kept.counts.get(ref)!.counts);
    }
    for (const [groupRef, mttrKey] of mttrKeys) {
      const { overall, critical } = kept.mttrs.get(mttrKey)!;
      if (overall) result.mttrs.set(`${groupRef} overall`, overall);
      if (critical) result.mttrs.set(`${groupRef} critical`, critical);
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

  private keptFor(key: string): Kept {
    let kept = this.kept.get(key);
    if (!kept) {
      kept = { counts: new Map(), mttrs: new Map() };
      this.kept.set(key, kept);
      for (const old of this.kept.keys()) {
        if (this.kept.size <= KEEP) break;
        this.kept.delete(old);
      }
    }
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
