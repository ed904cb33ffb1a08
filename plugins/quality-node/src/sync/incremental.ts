/**
 * The incremental sync every tracker module shares: a first backfill over a
 * horizon, then only what changed since the stored watermark, checkpointed
 * page by page, and now and then a complete listing of the scope's ids so
 * items deleted or moved upstream are removed.
 */

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/**
 * The cursor of one tracker scope, stored as JSON.
 *
 * @public
 */
export interface IncrementalCursor {
  /** Everything the source updated before this instant (its own clock) is stored. */
  updatedSince?: string;
  /** When the scope's stored items were last reconciled with a complete listing. */
  reconciledAt?: string;
}

/** @public */
export function parseIncrementalCursor(
  cursor: string | undefined,
): IncrementalCursor {
  if (!cursor) {
    return {};
  }
  try {
    const parsed = JSON.parse(cursor);
    const valid = (value: unknown) =>
      typeof value === 'string' && !Number.isNaN(Date.parse(value));
    return {
      updatedSince: valid(parsed.updatedSince)
        ? parsed.updatedSince
        : undefined,
      reconciledAt: valid(parsed.reconciledAt)
        ? parsed.reconciledAt
        : undefined,
    };
  } catch {
    return {}; // a cursor from an older version: start with a backfill
  }
}

/** One page of items updated since an instant, oldest update first. @public */
export interface UpdatedPage<T> {
  items: T[];
  /** The vendor's token for the next page of the same query; absent on the last page. */
  nextPageToken?: string;
}

/** @public */
export interface IncrementalSyncOptions<T> {
  cursor: string | undefined;
  /** Stores a mid-run cursor (the scope context's `checkpoint`). */
  checkpoint(cursor: string): Promise<void>;
  /** How far back the first sync reads. */
  backfillHorizonDays: number;
  /** How often the complete id listing runs. */
  reconcileIntervalHours: number;
  /**
   * Granularity of the vendor's "updated since" filter (Jira's JQL: one
   * minute). Re-reading an instant is harmless, upserts are idempotent.
   */
  filterPrecisionMs?: number;
  /**
   * Items updated since `since` (inclusive), ordered by update time, oldest
   * first. `pageToken` continues the same query.
   */
  fetchPage(since: Date, pageToken: string | undefined): Promise<UpdatedPage<T>>;
  updatedAt(item: T): Date;
  storePage(items: T[]): Promise<void>;
  /** Every id the scope holds upstream now, for removing what is gone. */
  listAllIds(): Promise<string[]>;
  /** The scope sink's `removeMissing`, bound to the kind and to `stillPresent`. */
  removeMissing(presentIds: string[]): Promise<number>;
  now?: () => Date;
  signal?: AbortSignal;
}

function floorTo(time: number, precisionMs: number): number {
  return time - (time % precisionMs);
}

/**
 * Runs one incremental sync of a scope and returns the cursor to store.
 *
 * Each page after the first is a fresh query from the newest update seen so
 * far (keyset pagination) rather than an offset: an item updated while we
 * page moves to the end of the order and is read there, and no other item
 * shifts into a page already read. The vendor's next-page token is followed
 * only while a whole page shares one instant, where a fresh query would not
 * advance.
 *
 * @public
 */
export async function runIncrementalSync<T>(
  options: IncrementalSyncOptions<T>,
): Promise<string> {
  const now = (options.now ?? (() => new Date()))();
  const precision = options.filterPrecisionMs ?? 1000;
  const previous = parseIncrementalCursor(options.cursor);
  let since = previous.updatedSince
    ? new Date(floorTo(Date.parse(previous.updatedSince), precision))
    : new Date(now.getTime() - options.backfillHorizonDays * DAY);
  let pageToken: string | undefined;
  const cursor = (): IncrementalCursor => ({
    updatedSince: since.toISOString(),
    reconciledAt: previous.reconciledAt,
  });

  for (;;) {
    options.signal?.throwIfAborted();
    const page = await options.fetchPage(since, pageToken);
    await options.storePage(page.items);
    const newest = Math.max(
      since.getTime(),
      ...page.items.map(item => options.updatedAt(item).getTime()),
    );
    if (!page.nextPageToken) {
      since = new Date(newest);
      break;
    }
    if (floorTo(newest, precision) > floorTo(since.getTime(), precision)) {
      since = new Date(floorTo(newest, precision));
      pageToken = undefined;
    } else {
      pageToken = page.nextPageToken;
    }
    await options.checkpoint(JSON.stringify(cursor()));
  }

  const reconcileDue =
    !previous.reconciledAt ||
    now.getTime() - Date.parse(previous.reconciledAt) >=
      options.reconcileIntervalHours * HOUR;
  if (reconcileDue) {
    await options.checkpoint(JSON.stringify(cursor()));
    await options.removeMissing(await options.listAllIds());
    return JSON.stringify({ ...cursor(), reconciledAt: now.toISOString() });
  }
  return JSON.stringify(cursor());
}
