import { Config } from '@backstage/config';
import { readTrackerClassification } from '@quality-pulse/plugin-quality-node';
import { LinearQualityProviderOptions } from './LinearQualityProvider';

/** Linear's priorities (PRODUCT.md): Urgent→P0 … Low→P3; "No priority" stays unclassified. */
export const DEFAULT_LINEAR_SEVERITY = {
  Urgent: 'P0',
  High: 'P1',
  Medium: 'P2',
  Low: 'P3',
} as const;

export type LinearInstance = Omit<LinearQualityProviderOptions, 'schedule'> & {
  schedule?: Config;
};

/** Reads `quality.providers.linear.<instance>`. */
export function readLinearInstances(root: Config): LinearInstance[] {
  const linear = root.getOptionalConfig('quality.providers.linear');
  const keys = linear?.keys() ?? [];
  return keys.map(key => {
    const config = linear!.getConfig(key);
    const path = `quality.providers.linear.${key}`;
    return {
      id: `linear-${key}`,
      instance: key,
      isDefaultInstance:
        config.getOptionalBoolean('default') ?? keys.length === 1,
      apiKey: config.getString('apiKey'),
      apiUrl: config.getOptionalString('apiUrl'),
      mapping: readTrackerClassification(
        config,
        {
          severity: { ...DEFAULT_LINEAR_SEVERITY },
          bugLabels: ['Bug'],
          escapedLabels: [
            'escaped',
            'found-in:production',
            'found-in-production',
            'production-bug',
          ],
        },
        path,
      ),
      backfillDays: config.getOptionalNumber('backfillDays') ?? 730,
      reconcileHours: config.getOptionalNumber('reconcileHours') ?? 24,
      requestBudget: config.getOptionalNumber('requestBudget') ?? 1000,
      schedule: config.getOptionalConfig('schedule'),
    };
  });
}
