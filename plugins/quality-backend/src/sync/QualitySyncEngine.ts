import {
  AuthService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AnyQualityProvider,
  isQualitySource,
  QualityProviderSyncContext,
} from '@quality-pulse/plugin-quality-node';
import { canonicalEntityRef } from '../database/normalise';
import { QualityStores } from '../database/QualityStores';
import { SkippedItem, SkippingItemSink } from './SkippingItemSink';
import { syncSource } from './sourceSync';

function lastSkipReason(skipped: SkippedItem[]): string | null {
  const last = skipped[skipped.length - 1];
  return last ? `${last.kind} ${last.externalId}: ${last.reason}` : null;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 5 },
};

/** The catalog fields providers need to map entities to their scopes. */
const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.owner',
  'spec.type',
  'spec.system',
];

/**
 * Schedules one task per registered provider and runs it against the store.
 * Tasks go through the backend scheduler, which is distributed: with several
 * backend instances each sync still runs once per interval.
 */
export class QualitySyncEngine {
  constructor(
    private readonly options: {
      stores: QualityStores;
      providers: AnyQualityProvider[];
      scheduler: SchedulerService;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      /** Entity kinds items may be keyed to. */
      entityKinds?: string[];
    },
  ) {}

  async start(): Promise<void> {
    for (const provider of this.options.providers) {
      await this.options.scheduler.scheduleTask({
        id: this.taskId(provider),
        ...DEFAULT_SCHEDULE,
        ...provider.schedule,
        fn: signal => this.syncProvider(provider, signal),
      });
    }
  }

  provider(id: string): AnyQualityProvider | undefined {
    return this.options.providers.find(provider => provider.id === id);
  }

  /**
   * Runs a provider's sync now (a webhook arrived). The scheduler runs it on
   * one instance; if a run is already under way, that run or the next picks
   * the change up, so the conflict is not an error.
   */
  async triggerSync(providerId: string): Promise<void> {
    try {
      await this.options.scheduler.triggerTask(this.taskId({ id: providerId }));
    } catch (error) {
      if ((error as Error).name !== 'ConflictError') {
        throw error;
      }
    }
  }

  listProviders(): Array<Pick<AnyQualityProvider, 'id' | 'reads'>> {
    return this.options.providers.map(({ id, reads }) => ({ id, reads }));
  }

  async syncProvider(
    provider: AnyQualityProvider,
    signal: AbortSignal,
  ): Promise<void> {
    const logger = this.options.logger.child({ provider: provider.id });
    const started = Date.now();
    const entities = await this.loadEntities();
    const { stores } = this.options;
    const syncState = stores.syncState;
    const entityKinds = this.options.entityKinds;
    const unscopedSink = new SkippingItemSink(
      stores.items(provider.id, { entityKinds }),
    );
    let failedScopes = 0;
    const run: QualityProviderSyncContext = {
      entities,
      sink: unscopedSink,
      logger,
      signal,
      async runScope(scope, work, scopeOptions) {
        await syncState.markStarted(provider.id, scope);
        if (scopeOptions?.entityRefs) {
          await syncState.setScopeEntities(
            provider.id,
            scope,
            scopeOptions.entityRefs.map(ref =>
              canonicalEntityRef(ref, 'entityRefs'),
            ),
          );
        }
        const sink = new SkippingItemSink(
          stores.items(provider.id, { scope, entityKinds }),
        );
        const report = () => ({
          count: sink.skipped.length,
          lastReason: lastSkipReason(sink.skipped),
        });
        try {
          const cursor = await work(
            await syncState.getCursor(provider.id, scope),
            {
              sink,
              checkpoint: next =>
                syncState.saveCursor(provider.id, scope, next),
              skip: (kind, externalId, reason) =>
                sink.skipped.push({ kind, externalId, reason }),
            },
          );
          await syncState.markSucceeded(provider.id, scope, cursor, report());
        } catch (error) {
          failedScopes += 1;
          const message =
            error instanceof Error ? error.message : String(error);
          logger.warn(`Quality sync of scope ${scope} failed: ${message}`);
          await syncState.markFailed(provider.id, scope, message, report());
        }
        if (sink.skipped.length > 0) {
          logger.warn(
            `Quality sync of scope ${scope} skipped ${
              sink.skipped.length
            } malformed item(s); last: ${lastSkipReason(sink.skipped)}`,
          );
        }
      },
    };
    await (isQualitySource(provider)
      ? syncSource(provider, run)
      : provider.sync(run));
    if (unscopedSink.skipped.length > 0) {
      logger.warn(
        `Quality sync skipped ${
          unscopedSink.skipped.length
        } malformed item(s); last: ${lastSkipReason(unscopedSink.skipped)}`,
      );
    }
    // Syncs run every few minutes: a clean run is debug noise, a failed scope is not.
    const elapsed = Date.now() - started;
    if (failedScopes > 0) {
      logger.info(
        `Quality sync finished in ${elapsed} ms with ${failedScopes} failed scope(s)`,
      );
    } else {
      logger.debug(`Quality sync finished in ${elapsed} ms`);
    }
  }

  private taskId(provider: Pick<AnyQualityProvider, 'id'>) {
    return `quality-sync:${provider.id}`;
  }

  private async loadEntities(): Promise<Entity[]> {
    const { items } = await this.options.catalog.getEntities(
      { filter: { kind: 'Component' }, fields: ENTITY_FIELDS },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    return items;
  }
}
