import { z } from 'zod';
import { parseVendorItem } from './http';
import { QualityItemKind } from './items';
import { skipOf, SkippedItem } from './source';

/**
 * Maps a page of raw vendor items one at a time. An item that fails its
 * schema, or whose mapping throws, is skipped with the reason and the rest
 * of the page is still read; an error with an HTTP status (a call the
 * mapping made) is the vendor's, not the item's, and ends the page for the
 * engine to retry.
 *
 * @public
 */
export async function mapEachItem<T>(
  page: unknown[],
  how: {
    kind: QualityItemKind;
    schema: z.ZodType<T>;
    /** The id a skip names: the one people see in the vendor's UI. */
    idOf(item: T): string;
  },
  mapItem: (item: T) => void | Promise<void>,
): Promise<SkippedItem[]> {
  const skipped: SkippedItem[] = [];
  for (const raw of page) {
    const parsed = parseVendorItem(how.schema, raw);
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
