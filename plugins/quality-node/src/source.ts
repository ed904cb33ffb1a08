import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { LoggerService } from '@backstage/backend-plugin-api';
import { RequestBudget, VendorCaller } from './http';
import {
  NormalisedBug,
  NormalisedDeployment,
  NormalisedIncident,
  NormalisedPostmortem,
  QualityItemKind,
} from './items';
import { entitiesByAnnotation, entitiesOfInstance, UpdatedPage } from './sync';
import { QualityProvider } from './provider';
import { QualityWebhook } from './webhooks';

/**
 * One scope of a source's sync: a ClickUp list, a Jira project, all of a
 * FireHydrant account's incidents. It has its own cursor and sync status.
 *
 * @public
 */
export interface QualitySourceScope<Target> {
  /** Keys the cursor and names the scope in the sync status: `list 901`. */
  name: string;
  /**
   * The catalog entities it feeds: their Quality tabs show its errors before
   * it stores anything. Absent when the vendor decides (a field on each
   * incident): the errors then show in the sync status only.
   */
  entityRefs?: string[];
  /** What the source's own functions need to read the scope. */
  target: Target;
}

/**
 * One scope over a whole account (an incident tool's `incidents`) for the
 * entities an annotation names, grouped by its value; none when no entity
 * names one.
 *
 * @public
 */
export function accountScope(
  name: string,
  entitiesByKey: Map<string, Entity[]>,
): QualitySourceScope<Map<string, Entity[]>>[] {
  if (entitiesByKey.size === 0) return [];
  return [
    {
      name,
      entityRefs: [...entitiesByKey.values()]
        .flat()
        .map(entity => stringifyEntityRef(entity)),
      target: entitiesByKey,
    },
  ];
}

/**
 * How a vendor's scopes come from the catalog: one per value of an
 * annotation (a PagerDuty service, a Jira project).
 *
 * @public
 */
export interface AnnotationScopes {
  annotation: string;
  /** Values that name the same scope (`ABC`, `abc`): upper-case Jira keys. */
  normaliseKey?: (value: string) => string;
  /** With several instances of a vendor: this one's instance annotation and key. */
  instance?: {
    annotation: string;
    instance: string;
    isDefaultInstance: boolean;
  };
}

/**
 * One scope per value of an annotation, fed by the entities that name it
 * (sorted by ref, so the first is a stable choice); `scopeOf` names the
 * scope and says what to read, or leaves a value out.
 *
 * @public
 */
export function scopesByAnnotation<Target>(
  entities: Entity[],
  by: AnnotationScopes,
  scopeOf: (
    key: string,
    entities: Entity[],
  ) => { name: string; target: Target } | undefined,
): QualitySourceScope<Target>[] {
  const read = by.instance
    ? entitiesOfInstance(entities, {
        ...by.instance,
        isDefault: by.instance.isDefaultInstance,
      })
    : entities;
  return [
    ...entitiesByAnnotation(read, by.annotation, by.normaliseKey),
  ].flatMap(([key, named]) => {
    const scope = scopeOf(key, named);
    if (!scope) return [];
    const entityRefs = named.map(entity => stringifyEntityRef(entity));
    return [{ ...scope, entityRefs }];
  });
}

/**
 * A vendor item left out of a page, and why.
 *
 * @public
 */
export interface SkippedItem {
  kind: QualityItemKind;
  externalId: string;
  reason: string;
}

/**
 * The skip of an item that failed its schema or its mapping: a thrown
 * error's message, or the schema's reason, says what is wrong.
 *
 * @public
 */
export function skipOf(
  kind: QualityItemKind,
  externalId: string,
  why: unknown,
): SkippedItem {
  return {
    kind,
    externalId,
    reason: why instanceof Error ? why.message : String(why),
  };
}

/**
 * What a source makes of one page of raw vendor items.
 *
 * @public
 */
export interface MappedPage {
  bugs?: NormalisedBug[];
  incidents?: NormalisedIncident[];
  postmortems?: NormalisedPostmortem[];
  deployments?: NormalisedDeployment[];
  /** Ids the page shows are no longer the scope's (the bug label removed). */
  gone?: Partial<Record<QualityItemKind, string[]>>;
  /** The scope's complete listing of a kind: its stored items missing here are removed. */
  listing?: Partial<Record<QualityItemKind, string[]>>;
  /** Vendor items that could not be read, and why; shown on the scope's sync status. */
  skipped?: Array<{
    kind: QualityItemKind;
    externalId: string;
    reason: string;
  }>;
}

/**
 * How a source's scopes page, for the engine's incremental sync (see
 * `IncrementalSyncOptions` for each field).
 *
 * @public
 */
export interface QualitySourcePaging {
  order?: 'updated' | 'stable';
  backfillDays: number;
  /** How often the scope is listed whole to remove what is gone; with `reconcile`. */
  reconcileHours?: number;
  filterPrecisionMs?: number;
  /** The clock, for tests. */
  now?: () => Date;
}

/**
 * What a source's client is made with, once per run.
 *
 * @public
 */
export interface QualitySourceRun {
  /** Calls through the run's budget, with retries, 429 waits and the abort signal. */
  call: VendorCaller;
  /** The run's budget itself, for a vendor SDK that retries on its own (Octokit). */
  budget: RequestBudget;
  logger: LoggerService;
  signal: AbortSignal;
}

/**
 * What every declared source says: who it is, its scopes for the catalog's
 * entities, its client, and how raw vendor items become normalised ones.
 *
 * @public
 */
export interface QualitySourceBase<Client, Target, Raw> {
  /** Unique and stable: it keys stored items and sync state. */
  readonly id: string;
  readonly reads: readonly QualityItemKind[];
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;
  /** When set, a verified webhook delivery triggers this source's sync now. */
  readonly webhook?: QualityWebhook;
  /** Calls one run may make to the vendor, retries included. */
  readonly requestBudget: number;
  /** The run's client, made before its first scope is read. */
  client(run: QualitySourceRun): Client | Promise<Client>;
  /** The scopes to sync for the catalog's entities, in the order to sync them. */
  scopes(entities: Entity[]): QualitySourceScope<Target>[];
  map(
    client: Client,
    scope: QualitySourceScope<Target>,
    page: Raw[],
  ): Promise<MappedPage>;
}

/**
 * A source of quality data declared by what it reads, for vendors that
 * filter by update time. Data flows one way: the engine asks for the scopes,
 * fetches each page through `fetchPage`, hands it to `map` and stores what
 * comes back. Cursors, checkpoints, the request budget, skips,
 * reconciliation and removals are the engine's. A new vendor module is its
 * client, its mapping and this declaration.
 *
 * @public
 */
export interface QualitySource<Client, Target, Raw = unknown>
  extends QualitySourceBase<Client, Target, Raw> {
  readonly paging: QualitySourcePaging;
  /** Items updated since `since`, in the paging's order; `pageToken` continues the query. */
  fetchPage(
    client: Client,
    target: Target,
    since: Date,
    pageToken: string | undefined,
  ): Promise<UpdatedPage<Raw>>;
  updatedAt(raw: Raw): Date;
  /** The complete listing that removes what was deleted or moved upstream. */
  reconcile?: {
    kind: QualityItemKind;
    listAllIds(client: Client, target: Target): Promise<string[]>;
    /** Of stored ids the listing lacked, those the scope still has (offset paging can miss one). */
    stillPresent?(
      client: Client,
      target: Target,
      candidates: string[],
    ): Promise<string[]>;
  };
}

/**
 * A declared source whose vendor cannot filter by update (PagerDuty lists
 * by creation, GitHub deployments newest first): it reads a scope with a
 * cursor of its own making, yielding pages for the engine to map and store
 * and the cursor to resume from after each; it returns the cursor to store.
 *
 * @public
 */
export interface QualityCursorSource<Client, Target, Raw = unknown>
  extends QualitySourceBase<Client, Target, Raw> {
  read(
    client: Client,
    target: Target,
    cursor: string | undefined,
  ): AsyncGenerator<{ items: Raw[]; resumeFrom?: string }, string | undefined>;
}

/**
 * Any declared source, as the extension point takes it.
 *
 * @public
 */
export type AnyQualitySource =
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  QualitySource<any, any, any> | QualityCursorSource<any, any, any>;

/**
 * What the extension point takes: a declared source, or a provider that runs
 * its own `sync`.
 *
 * @public
 */
export type AnyQualityProvider = QualityProvider | AnyQualitySource;

/** @public */
export function isQualitySource(
  provider: object,
): provider is AnyQualitySource {
  return 'scopes' in provider && 'map' in provider;
}
