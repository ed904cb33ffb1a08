import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { EntityFilter, readEntityFilter } from '../catalog/entityFilter';
import {
  INITIATIVE_METRICS,
  InitiativeMetric,
} from '../metrics/initiativeFigures';

/** A filter of services: type, lifecycle, tags (no kind: an initiative counts components). */
export type InitiativeServices = Omit<EntityFilter, 'kind'>;

/** An absolute target, or one relative to the baseline at the start (`-50%`). */
export type InitiativeTarget =
  | { kind: 'absolute'; value: number }
  | { kind: 'relative'; change: number };

/**
 * A quality initiative as app-config declares it: policy, reviewed like the
 * scorecards. It owns no person; its sponsor is a catalog group.
 */
export interface InitiativeDefinition {
  id: string;
  title: string;
  /** One paragraph shown to the squads it includes. */
  why: string;
  metric: InitiativeMetric;
  sponsorRef: string;
  /** The group whose squads and sub-groups it includes; absent: the sponsor's. */
  scopeRef?: string;
  /** Several departments or squads instead: only they (and what is under them) count, shown under the sponsor. */
  scopeGroupRefs?: string[];
  /** Which of the scope's services count, as a scorecard check filters them; absent: all. */
  services?: InitiativeServices;
  /** UTC midnight of the first day. */
  start: number;
  /** UTC midnight of the day after the last. */
  deadline: number;
  target: InitiativeTarget;
  /** Each value reads the days up to it: the baseline the days before the start. */
  windowDays: number;
}

const DAY = 24 * 60 * 60 * 1000;
const DEFAULT_WINDOW_DAYS = 30;

/**
 * Reads `quality.initiatives`; a mistake stops start-up with the key at
 * fault. Days are YYYY-MM-DD, or relative to the day the backend starts
 * (`today-150d`), for demos whose history moves with the calendar.
 */
export function readInitiatives(
  config: Config,
  now = Date.now(),
): InitiativeDefinition[] {
  const today = now - (now % DAY);
  const entries = config.getOptionalConfigArray('quality.initiatives') ?? [];
  const ids = new Set<string>();
  return entries.map((entry, index) => {
    const key = `quality.initiatives[${index}]`;
    const id = entry.getString('id');
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) {
      throw new Error(`${key}.id must be lower-case letters, digits and -`);
    }
    if (ids.has(id)) throw new Error(`${key}.id "${id}" is used twice`);
    ids.add(id);
    const metric = entry.getString('metric');
    if (!(metric in INITIATIVE_METRICS)) {
      throw new Error(
        `${key}.metric must be one of ${Object.keys(INITIATIVE_METRICS).join(
          ', ',
        )}; got "${metric}"`,
      );
    }
    const start = utcDay(entry.getString('start'), `${key}.start`, today);
    const lastDay = utcDay(
      entry.getString('deadline'),
      `${key}.deadline`,
      today,
    );
    if (lastDay < start) {
      throw new Error(`${key}.deadline must not be before ${key}.start`);
    }
    const windowDays =
      entry.getOptionalNumber('windowDays') ?? DEFAULT_WINDOW_DAYS;
    if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 365) {
      throw new Error(`${key}.windowDays must be a whole number from 1 to 365`);
    }
    const scopes = readScopes(entry, `${key}.scope`);
    return {
      id,
      title: entry.getString('title'),
      why: entry.getString('why'),
      metric: metric as InitiativeMetric,
      sponsorRef: groupRef(entry.getString('sponsor'), `${key}.sponsor`),
      scopeRef: scopes?.length === 1 ? scopes[0] : undefined,
      ...(scopes && scopes.length > 1 ? { scopeGroupRefs: scopes } : {}),
      ...(entry.has('filter') ? { services: readServices(entry, key) } : {}),
      start,
      deadline: lastDay + DAY,
      target: readTarget(entry, `${key}.target`, metric as InitiativeMetric),
      windowDays,
    };
  });
}

/** `scope`: one group, or a list of them; each a group reference. */
function readScopes(entry: Config, key: string): string[] | undefined {
  if (!entry.has('scope')) return undefined;
  const raw = entry.get('scope');
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0 || values.some(v => typeof v !== 'string')) {
    throw new Error(`${key} must be a group reference or a list of them`);
  }
  return [
    ...new Set(values.map((v, i) => groupRef(v as string, `${key}[${i}]`))),
  ];
}

function readServices(entry: Config, key: string): InitiativeServices {
  const { kind, ...services } = readEntityFilter(entry, key);
  if (kind) {
    throw new Error(
      `${key}.filter.kind is not allowed: an initiative counts the services (components) of its scope`,
    );
  }
  return Object.fromEntries(
    Object.entries(services).filter(([, values]) => values !== undefined),
  );
}

function readTarget(
  entry: Config,
  key: string,
  metric: InitiativeMetric,
): InitiativeTarget {
  const raw = entry.get('target');
  if (typeof raw === 'string') {
    const match = /^([+-]\d+(?:\.\d+)?)\s*%$/.exec(raw.trim());
    if (!match) {
      throw new Error(
        `${key} must be a number or a change from the baseline such as "-50%"; got "${raw}"`,
      );
    }
    const change = Number(match[1]) / 100;
    if (change <= -1) throw new Error(`${key} must not go below -100%`);
    return { kind: 'relative', change };
  }
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0) {
    throw new Error(`${key} must be a number of at least 0, or "-50%"`);
  }
  if (INITIATIVE_METRICS[metric].unit === 'ratio' && raw > 1) {
    throw new Error(`${key} is a share for ${metric}: from 0 to 1`);
  }
  return { kind: 'absolute', value: raw };
}

function utcDay(value: string, key: string, today: number): number {
  const relative = /^today(?:([+-])(\d{1,4})d)?$/.exec(value.trim());
  if (relative) {
    const days = Number(relative[2] ?? 0);
    return today + (relative[1] === '-' ? -days : days) * DAY;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const day = match ? Date.UTC(+match[1], +match[2] - 1, +match[3]) : NaN;
  if (
    !match ||
    Number.isNaN(day) ||
    new Date(day).toISOString().slice(0, 10) !== value
  ) {
    throw new Error(
      `${key} must be a day as YYYY-MM-DD or today-Nd; got "${value}"`,
    );
  }
  return day;
}

function groupRef(value: string, key: string): string {
  let ref;
  try {
    ref = parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    ref = undefined;
  }
  if (ref?.kind.toLocaleLowerCase('en-US') !== 'group') {
    throw new Error(`${key} must be a group reference; got "${value}"`);
  }
  return stringifyEntityRef(ref);
}
