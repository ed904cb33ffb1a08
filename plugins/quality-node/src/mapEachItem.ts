import { z } from 'zod';
import { parseVendorItem } from './http';
import { QualityItemKind } from './items';
import { skipOf, SkippedItem } from './source';

/**
 * What the items of a page are, and how a skip names one.
 *
 * @public
 */
export interface EachItem<T> {
  /** The kind of item the page holds, which a skip reports. */
  kind: QualityItemKind;
  /** The id a skip names: the one people see in the vendor's UI. */
  idOf(item: T): string;
}

/**
 * Maps a page of vendor items one at a time. An item that fails its schema,
 * or whose mapping throws, is skipped with the reason and the rest of the
 * page is still read; an error with an HTTP status (a call the mapping made)
 * is the vendor's, not the item's, and ends the page for the engine to retry.
 *
 * Raw JSON is given with its schema; items an SDK has already typed
 * (Octokit's, a Jira site's, Linear's) come without one.
 *
 * @public
 */
export async function mapEachItem<T>(
  page: unknown[],
  how: EachItem<T> & { schema: z.ZodType<T> },
  mapItem: (item: T) => void | Promise<void>,
): Promise<SkippedItem[]>;
/**
 * Items an SDK has already typed: mapped without a schema.
 *
 * @public
 */
export async function mapEachItem<T>(
  page: T[],
  how: EachItem<T>,
  mapItem: (item: T) => void | Promise<void>,
): Promise<SkippedItem[]>;
export async function mapEachItem<T>(
  page: unknown[],
  how: EachItem<T> & { schema?: z.ZodType<T> },
  mapItem: (item: T) => void | Promise<void>,
): Promise<SkippedItem[]> {
  const skipped: SkippedItem[] = [];
  for (const raw of page) {
    const parsed = how.schema
      ? parseVendorItem(how.schema, raw)
      : { ok: true as const, data: raw as T };
    if (!parsed.ok) {
      skipped.push(skipOf(how.kind, parsed.id, parsed.reason));
      continue;
    }
    try {
      await mapItem(parsed.data);
    } catch (error) {
      if ((error as { status?: unknown }).status !== undefined) throw error;
      skipped.push(skipOf(how.kind, how.idOf(parsed.data), error));
    }
  }
  return skipped;
}
