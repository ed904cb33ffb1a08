import {
  QualityItemKind,
  QualityItemSink,
  RemoveMissingOptions,
} from '@quality-pulse/plugin-quality-node';
import { QualityItemStore } from '../database/QualityItemStore';
import { assessContent } from '../postmortems/assessContent';

/** A malformed item a provider sent, and why it was not stored. */
export interface SkippedItem {
  kind: QualityItemKind;
  externalId: string;
  reason: string;
}

/**
 * The sink providers get. Post-mortems that come with their text are
 * assessed before they are stored. External APIs lie: the store would reject
 * a page holding a malformed item whole, so this sink checks each item with
 * the store's own validation first, skips and reports the bad ones, and
 * writes the rest of the page in one transaction.
 */
export class SkippingItemSink implements QualityItemSink {
  readonly skipped: SkippedItem[] = [];

  constructor(private readonly store: QualityItemStore) {}

  upsertBugs(items: Parameters<QualityItemStore['upsertBugs']>[0]) {
    return this.upsert('bugs', items, page => this.store.upsertBugs(page));
  }

  upsertIncidents(items: Parameters<QualityItemStore['upsertIncidents']>[0]) {
    return this.upsert('incidents', items, page =>
      this.store.upsertIncidents(page),
    );
  }

  upsertPostmortems(
    items: Parameters<QualityItemStore['upsertPostmortems']>[0],
  ) {
    // An incident tool's text is assessed on its way in; it is not stored.
    return this.upsert('postmortems', items.map(assessContent), page =>
      this.store.upsertPostmortems(page),
    );
  }

  upsertDeployments(
    items: Parameters<QualityItemStore['upsertDeployments']>[0],
  ) {
    return this.upsert('deployments', items, page =>
      this.store.upsertDeployments(page),
    );
  }

  deleteItems(kind: QualityItemKind, externalIds: string[]) {
    return this.store.deleteItems(kind, externalIds);
  }

  removeMissing(
    kind: QualityItemKind,
    presentExternalIds: string[],
    options?: RemoveMissingOptions,
  ) {
    return this.store.removeMissing(kind, presentExternalIds, options);
  }

  /** Writes the page's well-formed items in one go and reports the others. */
  private async upsert<T extends { externalId?: unknown }>(
    kind: SkippedItem['kind'],
    items: T[],
    write: (page: T[]) => Promise<void>,
  ): Promise<void> {
    const wellFormed = items.filter(item => {
      const reason = this.store.problemWith(kind, item);
      if (reason !== undefined) {
        this.skipped.push({
          kind,
          externalId:
            typeof item.externalId === 'string' ? item.externalId : '(no id)',
          reason,
        });
      }
      return reason === undefined;
    });
    if (wellFormed.length > 0) {
      // A database failure is not the items' fault: the scope fails and retries.
      await write(wellFormed);
    }
  }
}
