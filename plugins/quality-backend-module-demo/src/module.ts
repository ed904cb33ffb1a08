import {
  createQualitySourceModule,
  scheduleFrom,
} from '@quality-pulse/plugin-quality-node';
import { DemoQualityProvider } from './DemoQualityProvider';

/**
 * Registers the demo provider when `quality.providers.demo.enabled` is true.
 * It is meant for local development and evaluation: production config turns it off.
 *
 * @public
 */
export const qualityModuleDemo = createQualitySourceModule({
  moduleId: 'demo',
  sources({ config, logger }) {
    const demoConfig = config.getOptionalConfig('quality.providers.demo');
    if (!demoConfig?.getOptionalBoolean('enabled')) {
      logger.info(
        'Quality demo provider is disabled (quality.providers.demo.enabled)',
      );
      return [];
    }
    const anchorDate = demoConfig.getOptionalString('anchorDate');
    const anchor = anchorDate ? new Date(anchorDate) : undefined;
    if (anchor && Number.isNaN(anchor.getTime())) {
      throw new Error(
        `quality.providers.demo.anchorDate is not a date: "${anchorDate}"`,
      );
    }
    return [
      new DemoQualityProvider({
        seed: demoConfig.getOptionalString('seed') ?? 'quality-pulse',
        anchorDate: anchor,
        improvement: demoConfig.has('improvement')
          ? {
              days: demoConfig.getNumber('improvement.days'),
              owners: demoConfig.getStringArray('improvement.owners'),
            }
          : undefined,
        schedule: scheduleFrom(demoConfig.getOptionalConfig('schedule')) ?? {
          frequency: { minutes: 1 },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 3 },
        },
      }),
    ];
  },
});
