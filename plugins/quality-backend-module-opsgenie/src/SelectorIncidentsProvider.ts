import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConfiguredCursorSource,
  MappedPage,
  NormalisedIncident,
  parseVendorItem,
  QualitySourceRun,
  QualitySourceScope,
  QualitySourceSettings,
  scopesByAnnotation,
  severityOf,
  skipOf,
  SkippedItem,
  VendorCaller,
} from '@quality-pulse/plugin-quality-node';
import { Severity } from '@quality-pulse/plugin-quality-common';
import { z } from 'zod';

/**
 * The fields Opsgenie's incidents and JSM operations' alerts share (JSM
 * operations is Opsgenie's successor and kept its records' shape).
 */
export const opsgenieRecordFields = {
  id: z.string(),
  tinyId: z.string().nullish(),
  message: z.string(),
  status: z.string(),
  priority: z.string().nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

type OpsgenieRecord = z.infer<z.ZodObject<typeof opsgenieRecordFields>>;

/**
 * One record as an incident: parsed by the API's schema, named and classified
 * the same way for both APIs, timed by `times`. A record that fails its schema
 * or carries a date that is not one is skipped, named by its tiny id.
 */
export function recordToIncident<Item extends OpsgenieRecord>(
  record: { schema: z.ZodType<Item>; raw: unknown; entityRef: string },
  severity: Record<string, Severity>,
  times: (
    item: Item,
  ) => Pick<
    NormalisedIncident,
    'startedAt' | 'acknowledgedAt' | 'resolvedAt' | 'url'
  >,
): ReturnType<SelectorSource['toIncident']> {
  const parsed = parseVendorItem(record.schema, record.raw);
  if (!parsed.ok) {
    return { id: parsed.id, skip: parsed.reason };
  }
  const item = parsed.data;
  try {
    return {
      incident: {
        externalId: item.id,
        entityRef: record.entityRef,
        title: `#${item.tinyId ?? item.id} ${item.message}`,
        severity: severityOf([item.priority], severity),
        ...times(item),
      },
    };
  } catch (error) {
    return { id: item.tinyId ?? item.id, skip: (error as Error).message };
  }
}

/**
 * The Opsgenie plugin's annotation: a query that selects the component's incidents.
 * @public
 */
export const OPSGENIE_COMPONENT_SELECTOR_ANNOTATION =
  'opsgenie.com/component-selector';

/** How one API is read: pages of items matching a query, one item, and an item as an incident. */
export interface SelectorSource {
  /** Named in errors, e.g. "Opsgenie incidents". */
  what: string;
  /** Items a page holds at most. */
  pageSize: number;
  /** offset + page size may not pass this (JSM operations: 20,000). */
  maxOffset: number;
  page(
    call: VendorCaller,
    query: string,
    offset: number,
  ): Promise<{ data: unknown[]; hasNext: boolean }>;
  /** One item by id, for one stored open that no longer lists as open. */
  one(call: VendorCaller, id: string): Promise<unknown | undefined>;
  /** The incident, or why the item was skipped. */
  toIncident(
    raw: unknown,
    entityRef: string,
  ): { incident: NormalisedIncident } | { skip: string; id: string };
}

export interface SelectorIncidentsProviderOptions
  extends QualitySourceSettings {
  source: SelectorSource;
}

interface SelectorCursor {
  /** Items created from here on are read (the start of the last complete run). */
  createdSince?: string;
  /** Items stored while open: asked about again until closed. */
  openIds?: string[];
  /** An interrupted run: the window start and offset it reached. */
  resumeFrom?: string;
  resumeOffset?: number;
  runStartedAt?: string;
}

const DAY = 86_400_000;
/** Items created just before a run began may be indexed late. */
const CLOCK_SKEW_MS = 5 * 60_000;

function parseCursor(raw: string | undefined): SelectorCursor {
  try {
    return raw ? JSON.parse(raw) : {};
  } catch {
    return {};
  }
}

const createdOf = (raw: unknown): number | undefined => {
  const millis = Date.parse(
    String((raw as { createdAt?: unknown } | null)?.createdAt ?? ''),
  );
  return Number.isFinite(millis) ? millis : undefined;
};

/**
 * Incidents from Opsgenie or its successor, Jira Service Management
 * operations: one scope per `opsgenie.com/component-selector` query (both
 * speak the same query language, so the annotation survives the migration).
 * Neither lets a search ask what was updated since a time (`updatedAt` is
 * not a search field of incidents), so each run reads what was created since
 * the last one, in creation order, then asks which are open now; an item it
 * stored open that no longer lists as open is read once more, by id.
 */
/** A selector query to read, and the component its incidents feed. */
interface Selector {
  selector: string;
  entityRef: string;
}

export class SelectorIncidentsProvider extends ConfiguredCursorSource<
  VendorCaller,
  Selector
> {
  readonly reads = ['incidents'] as const;

  constructor(private readonly options: SelectorIncidentsProviderOptions) {
    super(options);
  }

  /** The API is read through the run's caller; the source knows the requests. */
  client({ call }: QualitySourceRun) {
    return call;
  }

  scopes(entities: Entity[]): QualitySourceScope<Selector>[] {
    return scopesByAnnotation(
      entities,
      { annotation: OPSGENIE_COMPONENT_SELECTOR_ANNOTATION },
      (selector, [first]) => ({
        name: `selector ${selector}`,
        target: { selector, entityRef: stringifyEntityRef(first) },
      }),
    );
  }

  async *read(
    call: VendorCaller,
    { selector, entityRef }: Selector,
    rawCursor: string | undefined,
  ) {
    const { source } = this.options;
    const cursor = parseCursor(rawCursor);
    const now = (this.options.now ?? (() => new Date()))();
    const runStartedAt = cursor.runStartedAt ?? now.toISOString();
    const open = new Set<string>();
    const touched = new Set<string>();
    // Notes which items this run read, and which of them are open.
    const read = (raws: unknown[]) => {
      for (const raw of raws) {
        const result = source.toIncident(raw, entityRef);
        if ('skip' in result) continue;
        const { externalId, resolvedAt } = result.incident;
        touched.add(externalId);
        if (resolvedAt) open.delete(externalId);
        else open.add(externalId);
      }
      return raws;
    };

    // 1. Created since the last run, by offset; near the offset bound the
    // window starts again at the last creation read (upserts are idempotent).
    let from = now.getTime() - this.options.backfillDays * DAY;
    if (cursor.resumeFrom !== undefined) from = Date.parse(cursor.resumeFrom);
    else if (cursor.createdSince) {
      from = Date.parse(cursor.createdSince) - CLOCK_SKEW_MS;
    }
    let offset = cursor.resumeOffset ?? 0;
    for (;;) {
      const page = await source.page(
        call,
        `(${selector}) AND createdAt >= ${from}`,
        offset,
      );
      const items = read(page.data);
      if (!page.hasNext || page.data.length === 0) {
        yield { items };
        break;
      }
      if (offset + page.data.length + source.pageSize > source.maxOffset) {
        const last = createdOf(page.data[page.data.length - 1]);
        if (!last || last <= from) {
          yield { items };
          throw new Error(
            `${source.what}: more than ${
              source.maxOffset
            } created at ${new Date(
              from,
            ).toISOString()}; they cannot be paged by offset`,
          );
        }
        from = last;
        offset = 0;
      } else {
        offset += page.data.length;
      }
      yield {
        items,
        resumeFrom: JSON.stringify({
          ...cursor,
          resumeFrom: new Date(from).toISOString(),
          resumeOffset: offset,
          runStartedAt,
        } satisfies SelectorCursor),
      };
    }

    // 2. Open now; and those stored open that are not, read once more by id.
    const listedOpen = new Set<string>();
    for (
      let at = 0;
      at + source.pageSize <= source.maxOffset;
      at += source.pageSize
    ) {
      const page = await source.page(
        call,
        `(${selector}) AND status: open`,
        at,
      );
      for (const raw of page.data) listedOpen.add(idOf(raw));
      yield { items: read(page.data.filter(raw => !touched.has(idOf(raw)))) };
      if (!page.hasNext || page.data.length === 0) break;
    }
    for (const id of cursor.openIds ?? []) {
      if (listedOpen.has(id) || touched.has(id)) continue;
      const raw = await source.one(call, id);
      if (raw) yield { items: read([raw]) };
    }
    return JSON.stringify({
      createdSince: runStartedAt,
      openIds: [...open],
    } satisfies SelectorCursor);
  }

  async map(
    _call: VendorCaller,
    { target }: QualitySourceScope<Selector>,
    raws: unknown[],
  ): Promise<MappedPage> {
    const incidents: NormalisedIncident[] = [];
    const skipped: SkippedItem[] = [];
    for (const raw of raws) {
      const result = this.options.source.toIncident(raw, target.entityRef);
      if ('skip' in result) {
        skipped.push(skipOf('incidents', result.id, result.skip));
      } else {
        incidents.push(result.incident);
      }
    }
    return { incidents, skipped };
  }
}

function idOf(raw: unknown): string {
  return String((raw as { id?: unknown } | null)?.id);
}
