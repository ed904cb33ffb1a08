import {
  coreServices,
  createBackendModule,
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { qualityProvidersExtensionPoint } from './extensionPoints';
import { AnyQualityProvider } from './source';

/**
 * A vendor module of the `quality` plugin: the sources `sources` makes from
 * the app's config (none, or `undefined`, when the vendor is not
 * configured). Each source it adds is logged by id, with whether its
 * webhooks are on; credentials never are.
 *
 * @public
 */
export function createQualitySourceModule(options: {
  moduleId: string;
  sources(deps: {
    config: RootConfigService;
    logger: LoggerService;
  }): Array<AnyQualityProvider | undefined>;
}) {
  return createBackendModule({
    pluginId: 'quality',
    moduleId: options.moduleId,
    register(reg) {
      reg.registerInit({
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          providers: qualityProvidersExtensionPoint,
        },
        async init({ config, logger, providers }) {
          const sources = options
            .sources({ config, logger })
            .filter((source): source is AnyQualityProvider => !!source);
          for (const source of sources) {
            const webhook = 'webhook' in source && source.webhook;
            logger.info(
              `Quality source ${source.id} is on${
                webhook ? ', with webhooks' : ''
              }`,
            );
          }
          if (sources.length > 0) providers.addProvider(...sources);
        },
      });
    },
  });
}

/**
 * A source's `schedule` block of app-config, as the scheduler takes it; the
 * engine's default applies without one.
 *
 * @public
 */
export function scheduleFrom(
  config: Config | undefined,
): SchedulerServiceTaskScheduleDefinition | undefined {
  return config
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(config)
    : undefined;
}
