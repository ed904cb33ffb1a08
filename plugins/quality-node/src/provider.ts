import {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  NormalisedBug,
  NormalisedDeployment,
  NormalisedIncident,
  NormalisedPostmortem,
  QualityItemKind,
} from './items';

/**
 * Where a provider writes. Each call is one transaction per kind: a batch is
 * stored whole or not at all, so a sync interrupted between pages resumes from
 * its cursor without half-written items.
 *
 * @public
 */
export interface QualityItemSink {
  upsertBugs(bugs: NormalisedBug[]): Promise<void>;
  upsertIncidents(incidents: NormalisedIncident[]): Promise<void>;
  upsertPostmortems(postmortems: NormalisedPostmortem[]): Promise<void>;
  upsertDeployments(deployments: NormalisedDeployment[]): Promise<void>;
  /**
   * Deletes items the source reports as gone (a webhook's "deleted" event, say).
   * Returns how many were stored.
   */
  deleteItems(kind: QualityItemKind, externalIds: string[]): Promise<number>;
  /**
   * After a complete listing of the scope: deletes the scope's items of `kind`
   * whose ids are not in `presentExternalIds` — deleted upstream, or moved to
   * another scope (which stores them again under its own). Only the sink that
   * `runScope` passes has a scope; the run-wide sink refuses this.
   */
  removeMissing(
    kind: QualityItemKind,
    presentExternalIds: string[],
  ): Promise<number>;
}

/**
 * What the sync engine hands a provider on each run.
 *
 * @public
 */
export interface QualityProviderSyncContext {
  /** The catalog entities quality data can be keyed to (components), read with the plugin's own credentials. */
  entities: Entity[];
  /**
   * Writes items outside any scope. Malformed items are skipped (the rest of the
   * page is stored) and logged; prefer the sink `runScope` passes, whose skips
   * show in the sync status.
   */
  sink: QualityItemSink;
  logger: LoggerService;
  /** Aborted when the scheduler's timeout passes or the backend shuts down. */
  signal: AbortSignal;
  /**
   * Runs the sync of one scope (a Jira project, a PagerDuty service, …) with the
   * cursor it stored last time, and stores the cursor `work` returns. A scope that
   * throws is recorded with its error and does not stop the other scopes; its
   * cursor stays where it was, so the next run resumes from the last good point.
   * Write through the `sink` passed to `work`: malformed items it skips are
   * reported on this scope's sync status.
   */
  runScope(
    scope: string,
    work: (
      cursor: string | undefined,
      scoped: { sink: QualityItemSink },
    ) => Promise<string | undefined>,
  ): Promise<void>;
}

/**
 * A source of quality data, registered by a backend module through
 * {@link qualityProvidersExtensionPoint}.
 *
 * @public
 */
export interface QualityProvider {
  /** Unique and stable: it keys stored items and sync state (e.g. `jira`, `jira-datacenter`). */
  readonly id: string;
  /** What the provider reads, shown in the sync status. */
  readonly reads: readonly QualityItemKind[];
  /** How often to sync; the engine's default applies when absent. */
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;
  sync(context: QualityProviderSyncContext): Promise<void>;
}
