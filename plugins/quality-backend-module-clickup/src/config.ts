import { Config } from '@backstage/config';
import { readTrackerClassification } from '@quality-pulse/plugin-quality-node';
import { ClickUpQualityProviderOptions } from './ClickUpQualityProvider';

/** ClickUp's four priorities, plus severity tags teams add. */
export const DEFAULT_CLICKUP_SEVERITY = {
  urgent: 'P0',
  high: 'P1',
  normal: 'P2',
  low: 'P3',
  p0: 'P0',
  p1: 'P1',
  p2: 'P2',
  p3: 'P3',
  p4: 'P4',
} as const;

export type ClickUpInstance = Omit<
  ClickUpQualityProviderOptions,
  'schedule'
> & {
  schedule?: Config;
};

/** Reads `quality.providers.clickup.<instance>`. */
export function readClickUpInstances(root: Config): ClickUpInstance[] {
  const clickup = root.getOptionalConfig('quality.providers.clickup');
  const keys = clickup?.keys() ?? [];
  return keys.map(key => {
    const config = clickup!.getConfig(key);
    return {
      id: `clickup-${key}`,
      instance: key,
      isDefaultInstance:
        config.getOptionalBoolean('default') ?? keys.length === 1,
      baseUrl: config.getOptionalString('baseUrl') ?? 'https://api.clickup.com',
      token: config.getString('token'),
      mapping: readTrackerClassification(
        config,
        {
          severity: { ...DEFAULT_CLICKUP_SEVERITY },
          bugLabels: ['bug'],
          escapedLabels: [
            'escaped',
            'found-in:production',
            'found-in-production',
            'production-bug',
          ],
        },
        `quality.providers.clickup.${key}`,
      ),
      backfillDays: config.getOptionalNumber('backfillDays') ?? 730,
      reconcileHours: config.getOptionalNumber('reconcileHours') ?? 24,
      // ClickUp allows 100 requests a minute per token on most plans.
      requestBudget: config.getOptionalNumber('requestBudget') ?? 90,
      schedule: config.getOptionalConfig('schedule'),
    };
  });
}
