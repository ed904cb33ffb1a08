import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ChampionRotation } from '@quality-pulse/plugin-quality-common';
import { requireDay, requireOwnerRef } from '../database/normalise';
import { utcDay } from '../metrics/learningLoop';
import { DAY_MS } from '../time';

export const CHAMPION_ANNOTATIONS = {
  rotation: 'quality.backstage.io/champion-rotation',
  start: 'quality.backstage.io/champion-rotation-start',
  termWeeks: 'quality.backstage.io/champion-term-weeks',
} as const;

export const DEFAULT_TERM_WEEKS = 6;
/** Terms count from this Monday unless a rotation names its start. */
const DEFAULT_START = '1970-01-05';

export type ChampionConfig = ReturnType<typeof readChampionConfig>;

interface Rotation {
  members: string[];
  startsOn: string;
  termWeeks: number;
  source: ChampionRotation['source'];
}

/**
 * The quality champion rotations: `quality.champions` in app-config (a term
 * length for everyone, a member list and start per group); a group's own
 * annotations override its config entry. Anything invalid stops the backend
 * with the key named.
 */
export function readChampionConfig(config: Config): {
  termWeeks: number;
  groups: Map<string, Omit<Rotation, 'source'>>;
} {
  const termWeeks =
    config.getOptionalNumber('quality.champions.termWeeks') ??
    DEFAULT_TERM_WEEKS;
  requireTerm(termWeeks, 'quality.champions.termWeeks');
  const groups = new Map<string, Omit<Rotation, 'source'>>();
  (config.getOptionalConfigArray('quality.champions.groups') ?? []).forEach(
    (entry, i) => {
      const key = `quality.champions.groups[${i}]`;
      const group = requireOwnerRef(entry.getString('group'), `${key}.group`);
      if (!group.startsWith('group:')) {
        throw new InputError(`${key}.group must be a group reference`);
      }
      const members = entry
        .getStringArray('members')
        .map((m, j) => requireOwnerRef(m, `${key}.members[${j}]`));
      if (members.length === 0) {
        throw new InputError(`${key}.members must name at least one user`);
      }
      const weeks = entry.getOptionalNumber('termWeeks') ?? termWeeks;
      requireTerm(weeks, `${key}.termWeeks`);
      groups.set(group, {
        members,
        startsOn: requireDay(
          entry.getOptionalString('startsOn') ?? DEFAULT_START,
          `${key}.startsOn`,
        ),
        termWeeks: weeks,
      });
    },
  );
  return { termWeeks, groups };
}

function requireTerm(weeks: number, key: string) {
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 52) {
    throw new InputError(`${key} must be a whole number of weeks from 1 to 52`);
  }
}

/** The rotation of one group: its annotations if it has them, else config. Bad annotations mean no rotation, not an error page. */
export function rotationOf(
  groupRef: string,
  annotations: Record<string, string>,
  config: ReturnType<typeof readChampionConfig>,
): Rotation | null {
  const listed = annotations[CHAMPION_ANNOTATIONS.rotation];
  if (listed) {
    try {
      const members = listed
        .split(',')
        .map(m => m.trim())
        .filter(Boolean)
        .map((m, i) => requireOwnerRef(m, `members[${i}]`));
      const weeks = Number(
        annotations[CHAMPION_ANNOTATIONS.termWeeks] ?? config.termWeeks,
      );
      requireTerm(weeks, 'termWeeks');
      if (members.length > 0) {
        return {
          members,
          startsOn: requireDay(
            annotations[CHAMPION_ANNOTATIONS.start] ?? DEFAULT_START,
            'start',
          ),
          termWeeks: weeks,
          source: 'annotation',
        };
      }
    } catch {
      return null;
    }
  }
  const configured = config.groups.get(groupRef);
  return configured ? { ...configured, source: 'config' } : null;
}

/** Who holds the role today and when it passes on: members take turns, one term each, from the start day. */
export function currentChampion(
  rotation: Rotation,
  now: number,
): ChampionRotation {
  const start = Date.parse(`${rotation.startsOn}T00:00:00Z`);
  const termMs = rotation.termWeeks * 7 * DAY_MS;
  const term = Math.max(0, Math.floor((now - start) / termMs));
  const n = rotation.members.length;
  return {
    current: rotation.members[term % n],
    termStartedOn: utcDay(start + term * termMs),
    nextRotationOn: utcDay(start + (term + 1) * termMs),
    next: rotation.members[(term + 1) % n],
    termWeeks: rotation.termWeeks,
    source: rotation.source,
  };
}
