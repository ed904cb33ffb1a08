import { Config } from '@backstage/config';
import { isSeverity, Severity } from '@quality-pulse/plugin-quality-common';

/**
 * How a tracker's own values (priority names, labels) become the suite's
 * severity scale and its bug / escaped classification. Each module ships
 * documented defaults; app-config can override every part of them.
 */

const SEVERITY_ORDER: Severity[] = ['P0', 'P1', 'P2', 'P3', 'P4'];

/** @public */
export interface TrackerClassification {
  /** Vendor value (priority name or label, case-insensitive) → severity. */
  severity: Record<string, Severity>;
  /** Labels (or issue types) that make a work item a bug. */
  bugLabels: string[];
  /** Labels that mark a bug as found in production. */
  escapedLabels: string[];
}

const normalise = (value: string) => value.trim().toLocaleLowerCase('en-US');

/**
 * The most severe severity any of the values maps to; `unclassified` when
 * none does (never a guess).
 *
 * @public
 */
export function severityOf(
  values: Array<string | undefined | null>,
  mapping: Record<string, Severity>,
): Severity {
  const table = new Map(
    Object.entries(mapping).map(([key, severity]) => [
      normalise(key),
      severity,
    ]),
  );
  const found = values
    .filter((value): value is string => typeof value === 'string')
    .map(value => table.get(normalise(value)))
    .filter((severity): severity is Severity => !!severity);
  return (
    SEVERITY_ORDER.find(severity => found.includes(severity)) ?? 'unclassified'
  );
}

/** True when any value is in `wanted` (case-insensitive). @public */
export function hasAnyOf(
  values: Array<string | undefined | null>,
  wanted: string[],
): boolean {
  const set = new Set(wanted.map(normalise));
  return values.some(
    value => typeof value === 'string' && set.has(normalise(value)),
  );
}

/**
 * The labels that mark a bug as found in production, the same in every
 * tracker unless a team's config replaces them (PRODUCT.md, escaped defects).
 *
 * @public
 */
export const DEFAULT_ESCAPED_LABELS: readonly string[] = [
  'escaped',
  'found-in:production',
  'found-in-production',
  'production-bug',
];

/**
 * A severity map from config over its defaults: each entry of the config
 * object at `path` (vendor value → P0…P4 / unclassified) adds to or
 * overrides the defaults; a value off the scale stops start-up, naming the key.
 *
 * @public
 */
export function readSeverityMap(
  config: Config | undefined,
  defaults: Record<string, Severity>,
  path: string,
): Record<string, Severity> {
  const result = { ...defaults };
  for (const key of config?.keys() ?? []) {
    const value = config!.getString(key);
    if (!isSeverity(value)) {
      throw new Error(
        `${path}.${key} is "${value}": use one of P0, P1, P2, P3, P4, unclassified`,
      );
    }
    result[key] = value;
  }
  return result;
}

/**
 * Reads `severity`, `bugLabels` and `escapedLabels` of a provider's config
 * over its defaults. Severity entries add to (and override) the defaults;
 * label lists replace them.
 *
 * @public
 */
export function readTrackerClassification(
  config: Config | undefined,
  defaults: TrackerClassification,
  /** Where `config` sits, for error messages (`quality.providers.github`). */
  configPath: string,
): TrackerClassification {
  const severity = readSeverityMap(
    config?.getOptionalConfig('severity'),
    defaults.severity,
    `${configPath}.severity`,
  );
  return {
    severity,
    bugLabels:
      config?.getOptionalStringArray('bugLabels') ?? defaults.bugLabels,
    escapedLabels:
      config?.getOptionalStringArray('escapedLabels') ?? defaults.escapedLabels,
  };
}
