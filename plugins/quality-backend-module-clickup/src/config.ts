import { Config } from '@backstage/config';
import {
  DEFAULT_ESCAPED_LABELS,
  readInstanceConfigs,
  readSourceSettings,
  readTrackerClassification,
} from '@quality-pulse/plugin-quality-node';
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

/** Reads `quality.providers.clickup.<instance>`. */
export function readClickUpInstances(
  root: Config,
): ClickUpQualityProviderOptions[] {
  return readInstanceConfigs(root, 'clickup').map(
    ({ config, path, id, instance, isDefaultInstance }) => ({
      ...readSourceSettings(config, id, {
        backfillDays: 730,
        reconcileHours: 24,
        // ClickUp allows 100 requests a minute per token on most plans.
        requestBudget: 90,
      }),
      instance,
      isDefaultInstance,
      baseUrl: config.getOptionalString('baseUrl') ?? 'https://api.clickup.com',
      token: config.getString('token'),
      mapping: readTrackerClassification(
        config,
        {
          severity: { ...DEFAULT_CLICKUP_SEVERITY },
          bugLabels: ['bug'],
          escapedLabels: [...DEFAULT_ESCAPED_LABELS],
        },
        path,
      ),
    }),
  );
}
