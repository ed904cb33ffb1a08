import { InputError } from '@backstage/errors';
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
 * assessed before they are stored. External APIs lie: when a page holds a malformed
 * item, the store rejects the page whole, so this sink stores its items one
 * by one instead, skips the bad ones and reports them — the rest of the page
 * is not lost. Well-formed pages (the normal case) still go in one transaction.
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

  private async upsert<T extends { externalId?: unknown }>(
    kind: SkippedItem['kind'],
    items: T[],
    write: (page: T[]) => Promise<void>,
  ): Promise<void> {
    try {
      await write(items);
      return;
    } catch (error) {
      if (!(error instanceof InputError)) {
        throw error; // a database failure is not the item's fault: the scope fails and retries
      }
    }
    for (const item of items) {
      try {
        await write([item]);
      } catch (error) {
        if (!(error instanceof InputError)) {
          throw error;
        }
        this.skipped.push({
          kind,
          externalId:
            typeof item.externalId === 'string' ? item.externalId : '(no id)',
          // The store names the field of a one-item page as `kind[0].field`.
          reason: error.message.replace(`${kind}[0].`, ''),
        });
      }
    }
  }
}
