import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  NormalisedBug,
  NormalisedDeployment,
  NormalisedIncident,
  NormalisedPostmortem,
  QualityItemKind,
  QualityItemSink,
  RemoveMissingOptions,
} from '@quality-pulse/plugin-quality-node';
import { ITEM_TABLES, RollupChanges, withdrawStored } from './rollupChanges';
import { chunks } from './chunks';
import { lockItems } from './itemLocks';
import {
  validateBug,
  validateDeployment,
  validateIncident,
  validatePostmortem,
  ValidationRules,
} from './itemValidation';
import { DEFAULT_ENTITY_KINDS } from './normalise';
import { replaceActions } from './postmortemActions';

const VALIDATORS: Record<
  QualityItemKind,
  (item: never, index: number, rules: ValidationRules) => unknown
> = {
  bugs: validateBug,
  incidents: validateIncident,
  postmortems: validatePostmortem,
  deployments: validateDeployment,
};

/**
 * Deletes one chunk of items, taking their contributions out of the
 * rollups; history and post-mortem links go with their item (cascade).
 */
async function deleteByExternalIds(
  tx: Knex.Transaction,
  source: string,
  kind: QualityItemKind,
  externalIds: string[],
  changes: RollupChanges,
): Promise<number> {
  await withdrawStored(tx, kind, source, externalIds, changes);
  return tx(ITEM_TABLES[kind])
    .where('source', source)
    .whereIn('external_id', externalIds)
    .delete();
}

/**
 * A page can name the same item twice (an item updated while the source was
 * paging); the last one wins, as it would across two batches. PostgreSQL
 * refuses an upsert that touches one row twice, so this is not optional.
 */
function lastPerExternalId<T>(items: T[], key: (item: T) => string): T[] {
  return [...new Map(items.map(item => [key(item), item])).values()];
}

async function upsertRows(
  tx: Knex.Transaction,
  table: string,
  rows: object[],
): Promise<void> {
  for (const chunk of chunks(rows)) {
    await tx(table).insert(chunk).onConflict(['source', 'external_id']).merge();
  }
}

/**
 * Upserts items that own child rows (a bug's history, a post-mortem's
 * subjects). Providers send the children whole every time, so replacing them
 * keeps the upsert idempotent.
 */
async function upsertWithChildren(
  tx: Knex.Transaction,
  options: {
    table: string;
    childTable: string;
    foreignKey: string;
    items: Array<{ row: { external_id: string }; children: object[] }>;
    /** The ids stored before, when known: only their children are replaced. */
    storedIds?: Set<number>;
  },
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const chunk of chunks(options.items)) {
    const upserted: Array<{ id: number; external_id: string }> = await tx(
      options.table,
    )
      .insert(chunk.map(item => item.row))
      .onConflict(['source', 'external_id'])
      .merge()
      .returning(['id', 'external_id']);
    const idByExternalId = new Map(upserted.map(r => [r.external_id, r.id]));
    idByExternalId.forEach((id, externalId) => ids.set(externalId, id));
    const replaced = [...idByExternalId.values()].filter(
      id => !options.storedIds || options.storedIds.has(id),
    );
    if (replaced.length > 0) {
      await tx(options.childTable)
        .whereIn(options.foreignKey, replaced)
        .delete();
    }
    const childRows = chunk.flatMap(item =>
      item.children.map(child => ({
        [options.foreignKey]: idByExternalId.get(item.row.external_id),
        ...child,
      })),
    );
    for (const childChunk of chunks(childRows)) {
      await tx(options.childTable).insert(childChunk);
    }
  }
  return ids;
}

/** Replaces the labels of the bugs that carry a label list; the others keep theirs. */
async function replaceBugLabels(
  tx: Knex.Transaction,
  ids: Map<string, number>,
  labelsByExternalId: Map<string, string[]>,
): Promise<void> {
  const bugIds = [...labelsByExternalId.keys()].map(id => ids.get(id)!);
  for (const chunk of chunks(bugIds)) {
    await tx('quality_bug_labels').whereIn('bug_id', chunk).delete();
  }
  const rows = [...labelsByExternalId].flatMap(([externalId, labels]) =>
    labels.map(label => ({ bug_id: ids.get(externalId)!, label })),
  );
  for (const chunk of chunks(rows)) {
    await tx('quality_bug_labels').insert(chunk);
  }
}

/**
 * better-sqlite3 runs every statement synchronously: a sync writing page
 * after page would hold the event loop and starve the HTTP server (issue 9:
 * a backend ingesting a million bugs into SQLite never answered its health
 * check). Each write lets waiting I/O run once before returning.
 */
const yieldToEventLoop = () =>
  new Promise<void>(resolve => setImmediate(resolve));

/**
 * Writes one provider's items. Every item is validated before anything is
 * written (itemValidation.ts), and each batch is one transaction, so a
 * provider that hands us a bad item loses that batch and never leaves half
 * of it behind.
 */
export class QualityItemStore implements QualityItemSink {
  private readonly now: () => number;
  private readonly scope: string | null;
  private readonly entityKinds: string[];

  constructor(
    private readonly db: Knex,
    private readonly source: string,
    options: {
      now?: () => number;
      scope?: string;
      entityKinds?: string[];
    } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.scope = options.scope ?? null;
    this.entityKinds = options.entityKinds ?? DEFAULT_ENTITY_KINDS;
  }

  private rules(): ValidationRules {
    return {
      source: this.source,
      scope: this.scope,
      syncedAt: this.now(),
      entityKinds: this.entityKinds,
    };
  }

  /**
   * Why the store would refuse this item, naming the field (`title must be
   * text`), or undefined when it would store it. Pure: nothing is read or
   * written, so a sink can sort a page before writing it once.
   */
  problemWith(kind: QualityItemKind, item: unknown): string | undefined {
    try {
      VALIDATORS[kind](item as never, 0, this.rules());
      return undefined;
    } catch (error) {
      if (error instanceof InputError) {
        return error.message.replace(`${kind}[0].`, '');
      }
      throw error;
    }
  }

  async upsertBugs(bugs: NormalisedBug[]): Promise<void> {
    const rules = this.rules();
    const validated = bugs.map((bug, index) => validateBug(bug, index, rules));
    const rows = lastPerExternalId(validated, r => r.row.external_id);
    const labelled = new Map(
      rows
        .filter(r => r.labels !== undefined)
        .map(r => [r.row.external_id, r.labels!]),
    );

    await this.db.transaction(async tx => {
      await lockItems(
        tx,
        this.source,
        rows.map(r => r.row.external_id),
      );
      // The rollups lose what the stored bugs added and gain the new ones.
      const changes = new RollupChanges();
      const storedIds = new Set<number>();
      for (const chunk of chunks(rows)) {
        const stored = await withdrawStored(
          tx,
          'bugs',
          this.source,
          chunk.map(r => r.row.external_id),
          changes,
        );
        stored.forEach(id => storedIds.add(id));
      }
      for (const { row, children } of rows) {
        changes.bugHistory(children, 1);
        changes.bugCreated(row, 1);
      }
      const ids = await upsertWithChildren(tx, {
        table: 'quality_bugs',
        childTable: 'quality_bug_history',
        foreignKey: 'bug_id',
        items: rows,
        storedIds,
      });
      await replaceBugLabels(tx, ids, labelled);
      await changes.apply(tx);
    });
    await yieldToEventLoop();
  }

  async upsertIncidents(incidents: NormalisedIncident[]): Promise<void> {
    const rules = this.rules();
    const validated = incidents.map((incident, index) =>
      validateIncident(incident, index, rules),
    );
    const rows = lastPerExternalId(validated, r => r.external_id);
    await this.db.transaction(async tx => {
      const changes = await this.withdrawAll(tx, 'incidents', rows);
      rows.forEach(row => changes.writtenIncident(row));
      await upsertRows(tx, 'quality_incidents', rows);
      await changes.apply(tx);
    });
    await yieldToEventLoop();
  }

  async upsertPostmortems(postmortems: NormalisedPostmortem[]): Promise<void> {
    const rules = this.rules();
    const validated = postmortems.map((postmortem, index) =>
      validatePostmortem(postmortem, index, rules),
    );
    const rows = lastPerExternalId(validated, r => r.row.external_id);
    await this.db.transaction(async tx => {
      // Actions are merged with what is stored: one writer per post-mortem at a time.
      await lockItems(
        tx,
        this.source,
        rows.map(r => r.row.external_id),
      );
      const changes = await this.withdrawAll(
        tx,
        'postmortems',
        rows.map(r => r.row),
      );
      rows.forEach(r => changes.postmortem(r.row.entity_ref));
      const ids = await upsertWithChildren(tx, {
        table: 'quality_postmortems',
        childTable: 'quality_postmortem_subjects',
        foreignKey: 'postmortem_id',
        items: rows,
      });
      for (const { row, actions } of rows) {
        if (actions) {
          await replaceActions(
            tx,
            ids.get(row.external_id)!,
            actions,
            rules.syncedAt,
          );
        }
      }
      await changes.apply(tx);
    });
    await yieldToEventLoop();
  }

  async upsertDeployments(deployments: NormalisedDeployment[]): Promise<void> {
    const rules = this.rules();
    const validated = deployments.map((deployment, index) =>
      validateDeployment(deployment, index, rules),
    );
    const rows = lastPerExternalId(validated, r => r.external_id);
    await this.db.transaction(async tx => {
      // The day rollup withdraws what is stored: one writer per deployment at a time.
      await lockItems(
        tx,
        this.source,
        rows.map(r => r.external_id),
      );
      const changes = await this.withdrawAll(tx, 'deployments', rows);
      rows.forEach(row => changes.deployment(row, 1));
      await upsertRows(tx, 'quality_deployments', rows);
      await changes.apply(tx);
    });
    await yieldToEventLoop();
  }

  async deleteItems(
    kind: QualityItemKind,
    externalIds: string[],
  ): Promise<number> {
    let deleted = 0;
    await this.db.transaction(async tx => {
      await lockItems(tx, this.source, externalIds);
      const changes = new RollupChanges();
      for (const chunk of chunks(externalIds)) {
        deleted += await deleteByExternalIds(
          tx,
          this.source,
          kind,
          chunk,
          changes,
        );
      }
      await changes.apply(tx);
    });
    await yieldToEventLoop();
    return deleted;
  }

  /** What the stored versions of these items contribute, withdrawn. */
  private async withdrawAll(
    tx: Knex.Transaction,
    kind: QualityItemKind,
    rows: Array<{ external_id: string }>,
  ): Promise<RollupChanges> {
    const changes = new RollupChanges();
    for (const chunk of chunks(rows)) {
      await withdrawStored(
        tx,
        kind,
        this.source,
        chunk.map(row => row.external_id),
        changes,
      );
    }
    return changes;
  }

  async removeMissing(
    kind: QualityItemKind,
    presentExternalIds: string[],
    options: RemoveMissingOptions = {},
  ): Promise<number> {
    if (this.scope === null) {
      throw new Error(
        'removeMissing needs a scope: call it on the sink runScope passes',
      );
    }
    const present = new Set(presentExternalIds);
    // Ids only: a scope's listing is compared in memory, then removed in chunks.
    const stored: string[] = await this.db(ITEM_TABLES[kind])
      .where({ source: this.source, scope: this.scope })
      .pluck('external_id');
    const candidates = stored.filter(id => !present.has(id));
    if (candidates.length === 0) {
      return 0;
    }
    const alive = new Set(
      options.stillPresent ? await options.stillPresent(candidates) : [],
    );
    return this.deleteItems(
      kind,
      candidates.filter(id => !alive.has(id)),
    );
  }
}
