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
import { QualityWebhook } from './webhooks';

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
    options?: RemoveMissingOptions,
  ): Promise<number>;
}

/** @public */
export interface RemoveMissingOptions {
  /**
   * Asked with the stored ids the listing lacked, before any is deleted;
   * returns those the source still has in the scope. A listing paged by
   * offset can miss an item when another is deleted meanwhile: this keeps a
   * live item from being removed for it.
   */
  stillPresent?: (candidateExternalIds: string[]) => Promise<string[]>;
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
      scoped: QualityScopeContext,
    ) => Promise<string | undefined>,
    options?: QualityScopeOptions,
  ): Promise<void>;
}

/**
 * What `runScope` hands the work of one scope.
 *
 * @public
 */
export interface QualityScopeContext {
  sink: QualityItemSink;
  /**
   * Stores the cursor now, before the scope finishes: a run that crashes or
   * times out between pages resumes from here instead of from the start.
   */
  checkpoint(cursor: string): Promise<void>;
  /**
   * Reports a source item that could not be read (missing fields, a date that
   * is not one) and was left out; it shows in the scope's sync status.
   */
  skip(kind: QualityItemKind, externalId: string, reason: string): void;
}

/** @public */
export interface QualityScopeOptions {
  /**
   * The catalog entities the scope feeds. Their Quality tabs show the scope's
   * errors even before it has stored anything ("Jira: HTTP 401 for project PAY").
   */
  entityRefs?: string[];
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
  /**
   * When set, `POST /api/quality/v1/webhooks/<id>` accepts the vendor's
   * webhooks: a verified, new delivery triggers this provider's sync now.
   */
  readonly webhook?: QualityWebhook;
  sync(context: QualityProviderSyncContext): Promise<void>;
}
