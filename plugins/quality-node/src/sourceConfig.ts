import { Config } from '@backstage/config';
import { scheduleFrom } from './module';
import { QualitySourceSettings } from './configuredSource';

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
