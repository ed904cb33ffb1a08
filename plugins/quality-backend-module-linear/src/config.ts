import { Config } from '@backstage/config';
import {
  DEFAULT_ESCAPED_LABELS,
  readInstanceConfigs,
  readSourceSettings,
  readTrackerClassification,
} from '@quality-pulse/plugin-quality-node';
import { LinearQualityProviderOptions } from './LinearQualityProvider';

/** Linear's priorities (PRODUCT.md): Urgent→P0 … Low→P3; "No priority" stays unclassified. */
export const DEFAULT_LINEAR_SEVERITY = {
  Urgent: 'P0',
  High: 'P1',
  Medium: 'P2',
  Low: 'P3',
} as const;

/** Reads `quality.providers.linear.<instance>`. */
export function readLinearInstances(
  root: Config,
): LinearQualityProviderOptions[] {
  return readInstanceConfigs(root, 'linear').map(
    ({ config, path, id, instance, isDefaultInstance }) => ({
      ...readSourceSettings(config, id, {
        backfillDays: 730,
        reconcileHours: 24,
        requestBudget: 1000,
      }),
      instance,
      isDefaultInstance,
      apiKey: config.getString('apiKey'),
      apiUrl: config.getOptionalString('apiUrl'),
      mapping: readTrackerClassification(
        config,
        {
          severity: { ...DEFAULT_LINEAR_SEVERITY },
          bugLabels: ['Bug'],
          escapedLabels: [...DEFAULT_ESCAPED_LABELS],
        },
        path,
      ),
    }),
  );
}
