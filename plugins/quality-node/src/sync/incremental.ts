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
  /** Stable order only: the page to resume an interrupted run from, and when that run began. */
  pageToken?: string;
  runStartedAt?: string;
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
      pageToken:
        typeof parsed.pageToken === 'string' ? parsed.pageToken : undefined,
      runStartedAt: valid(parsed.runStartedAt)
        ? parsed.runStartedAt
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
  /**
   * How often the complete id listing runs, with `listAllIds` and
   * `removeMissing`; leave all three out for sources that never delete.
   */
  reconcileIntervalHours?: number;
  /**
   * Granularity of the vendor's "updated since" filter (Jira's JQL: one
   * minute). Re-reading an instant is harmless, upserts are idempotent.
   */
  filterPrecisionMs?: number;
  /**
   * How the vendor orders the pages. `updated` (default): by update time,
   * oldest first, so each page can be a fresh query from the newest update
   * seen. `stable`: by something that does not change (creation, id) with
   * vendor cursors; the pages are followed to the end, and the next run reads
   * from this run's start (less `clockSkewMs`), since an item updated after
   * its page was read can sort anywhere.
   */
  order?: 'updated' | 'stable';
  /** Stable order: how far our clock may run ahead of the vendor's. Default 5 minutes. */
  clockSkewMs?: number;
  /**
   * Items updated since `since` (inclusive), in the order above.
   * `pageToken` continues the same query.
   */
  fetchPage(
    since: Date,
    pageToken: string | undefined,
  ): Promise<UpdatedPage<T>>;
  updatedAt(item: T): Date;
  storePage(items: T[]): Promise<void>;
  /** Every id the scope holds upstream now, for removing what is gone. */
  listAllIds?(): Promise<string[]>;
  /** The scope sink's `removeMissing`, bound to the kind and to `stillPresent`. */
  removeMissing?(presentIds: string[]): Promise<number>;
  now?: () => Date;
  signal?: AbortSignal;
}

function floorTo(time: number, precisionMs: number): number {
  return time - (time % precisionMs);
}

/**
 * Runs one incremental sync of a scope and returns the cursor to store.
 *
 * In update order, each page after the first is a fresh query from the newest update seen so
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
  const previous = parseIncrementalCursor(options.cursor);
  const cursor =
    options.order === 'stable'
      ? await walkStableOrder(options, previous, now)
      : await walkUpdatedOrder(options, previous, now);
  const { reconcileIntervalHours, listAllIds, removeMissing } = options;
  const reconcileDue =
    reconcileIntervalHours !== undefined &&
    listAllIds &&
    removeMissing &&
    (!previous.reconciledAt ||
      now.getTime() - Date.parse(previous.reconciledAt) >=
        reconcileIntervalHours * HOUR);
  if (reconcileDue) {
    await options.checkpoint(JSON.stringify(cursor));
    await removeMissing(await listAllIds());
    return JSON.stringify({ ...cursor, reconciledAt: now.toISOString() });
  }
  return JSON.stringify(cursor);
}

/** Pages from the stored cursor (or the page an interrupted run reached) to the end. */
/**
 * The walk ends where no next page is named, or where a page names itself
 * (a vendor's way to say there is nothing after it): asking again would
 * read the same page until the run's budget is spent. An empty page that
 * names another is read past: filtered server-side, pages can be empty.
 */
function isLastPage(asked: string | undefined, next: string | undefined) {
  return !next || next === asked;
}

async function walkStableOrder<T>(
  options: IncrementalSyncOptions<T>,
  previous: IncrementalCursor,
  now: Date,
): Promise<IncrementalCursor> {
  const skew = options.clockSkewMs ?? 5 * 60 * 1000;
  const since = previous.updatedSince
    ? new Date(Date.parse(previous.updatedSince) - skew)
    : new Date(now.getTime() - options.backfillHorizonDays * DAY);
  const resuming = previous.pageToken !== undefined;
  const runStartedAt =
    resuming && previous.runStartedAt
      ? previous.runStartedAt
      : now.toISOString();
  let pageToken = resuming ? previous.pageToken : undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await options.fetchPage(since, pageToken);
    await options.storePage(page.items);
    if (isLastPage(pageToken, page.nextPageToken)) {
      break;
    }
    pageToken = page.nextPageToken;
    await options.checkpoint(
      JSON.stringify({ ...previous, pageToken, runStartedAt }),
    );
  }
  return { updatedSince: runStartedAt, reconciledAt: previous.reconciledAt };
}

async function walkUpdatedOrder<T>(
  options: IncrementalSyncOptions<T>,
  previous: IncrementalCursor,
  now: Date,
): Promise<IncrementalCursor> {
  const precision = options.filterPrecisionMs ?? 1000;
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
    if (isLastPage(pageToken, page.nextPageToken)) {
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
  return cursor();
}
