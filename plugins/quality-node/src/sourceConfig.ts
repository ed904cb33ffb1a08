import { Config } from '@backstage/config';
import { Severity } from '@quality-pulse/plugin-quality-common';
import { scheduleFrom } from './module';
import { QualitySourceSettings } from './configuredSource';
import { readSeverityMap } from './sync/classification';

/**
 * A vendor's defaults for the settings every source has.
 *
 * @public
 */
export interface SourceSettingDefaults {
  backfillDays: number;
  requestBudget: number;
  /** Only for sources that list a scope whole to remove what is gone. */
  reconcileHours?: number;
}

/**
 * A source's settings that every vendor reads the same way from its block of
 * app-config: the request budget, the backfill, the reconciliation interval
 * (for sources that reconcile) and the schedule, each with the vendor's
 * default.
 *
 * @public
 */
export function readSourceSettings<Defaults extends SourceSettingDefaults>(
  config: Config,
  id: string,
  defaults: Defaults,
): QualitySourceSettings &
  (Defaults extends { reconcileHours: number }
    ? { reconcileHours: number }
    : {}) {
  const settings: QualitySourceSettings = {
    id,
    backfillDays:
      config.getOptionalNumber('backfillDays') ?? defaults.backfillDays,
    reconcileHours:
      defaults.reconcileHours === undefined
        ? undefined
        : config.getOptionalNumber('reconcileHours') ?? defaults.reconcileHours,
    requestBudget:
      config.getOptionalNumber('requestBudget') ?? defaults.requestBudget,
    schedule: scheduleFrom(config.getOptionalConfig('schedule')),
  };
  // The conditional type holds: reconcileHours is set exactly when a default is.
  return settings as ReturnType<typeof readSourceSettings<Defaults>>;
}

/**
 * One named instance of a tracker under `quality.providers.<vendor>.<key>`
 * (two Jira sites, two GitHub hosts).
 *
 * @public
 */
export interface SourceInstanceConfig {
  config: Config;
  /** The instance's config path, for errors that name the key at fault. */
  path: string;
  /** `<vendor>-<key>`: keys stored items and sync state. */
  id: string;
  /** The key, as entities name it in the vendor's instance annotation. */
  instance: string;
  /** Reads entities without an instance annotation: `default: true`, or the only instance. */
  isDefaultInstance: boolean;
}

/**
 * Every instance configured under `quality.providers.<vendor>`.
 *
 * @public
 */
export function readInstanceConfigs(
  root: Config,
  vendor: string,
): SourceInstanceConfig[] {
  const block = root.getOptionalConfig(`quality.providers.${vendor}`);
  const keys = block?.keys() ?? [];
  return keys.map(key => {
    const config = block!.getConfig(key);
    return {
      config,
      path: `quality.providers.${vendor}.${key}`,
      id: `${vendor}-${key}`,
      instance: key,
      isDefaultInstance:
        config.getOptionalBoolean('default') ?? keys.length === 1,
    };
  });
}

/**
 * A vendor with one account's defaults: its API base URL and request budget.
 *
 * @public
 */
export interface AccountSourceDefaults {
  /** Keys stored items and sync state; the config key when not given. */
  id?: string;
  baseUrl: string;
  requestBudget: number;
  /** A year when not given: the longest window incident figures look back over. */
  backfillDays?: number;
  /** Only for sources that list a scope whole to remove what is gone. */
  reconcileHours?: number;
}

/**
 * The block of a vendor with one account, `quality.providers.<key>`.
 *
 * @public
 */
export interface AccountSourceConfig<Defaults extends AccountSourceDefaults> {
  config: Config;
  /** The settings every source has, and the API base URL (config over default). */
  settings: QualitySourceSettings & { baseUrl: string } & (Defaults extends {
      reconcileHours: number;
    }
      ? { reconcileHours: number }
      : {});
  /** A severity map at `key` of the block over the vendor's defaults. */
  readSeverity(
    key: string,
    defaults: Record<string, Severity>,
  ): Record<string, Severity>;
}

/**
 * Reads the block of a vendor with one account (PagerDuty, incident.io,
 * FireHydrant, Rootly, Opsgenie); undefined when it is not configured.
 *
 * @public
 */
export function readAccountConfig<Defaults extends AccountSourceDefaults>(
  root: Config,
  key: string,
  defaults: Defaults,
): AccountSourceConfig<Defaults> | undefined {
  const path = `quality.providers.${key}`;
  const config = root.getOptionalConfig(path);
  if (!config) return undefined;
  const settings = {
    ...readSourceSettings(config, defaults.id ?? key, {
      backfillDays: defaults.backfillDays ?? 365,
      requestBudget: defaults.requestBudget,
      reconcileHours: defaults.reconcileHours,
    }),
    baseUrl: config.getOptionalString('baseUrl') ?? defaults.baseUrl,
  };
  return {
    config,
    // The conditional type holds: reconcileHours is set exactly when a default is.
    settings: settings as AccountSourceConfig<Defaults>['settings'],
    readSeverity: (at, severityDefaults) =>
      readSeverityMap(
        config.getOptionalConfig(at),
        severityDefaults,
        `${path}.${at}`,
      ),
  };
}
