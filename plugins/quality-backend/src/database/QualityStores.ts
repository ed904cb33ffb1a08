import { Knex } from 'knex';
import { BudgetStateStore } from './BudgetStateStore';
import { cacheEpoch, ScopeVersions, versionsOf } from './entityVersions';
import { InitiativeStateStore } from './InitiativeStateStore';
import { LearningLoopStore } from './LearningLoopStore';
import { SubjectLookup } from './postmortemSubjects';
import { PulseDeliveryStore } from './PulseDeliveryStore';
import { QualityItemStore } from './QualityItemStore';
import { ScorecardStore } from './ScorecardStore';
import { SyncStateStore } from './SyncStateStore';
import { WebhookDeliveryStore } from './WebhookDeliveryStore';

/**
 * The plugin's stores over its one database, a store per concern. The write
 * side of the backend goes through these; the read side through
 * `metrics/QualityMetrics`. Nothing outside `database/` and `metrics/` holds
 * the database client.
 */
export class QualityStores {
  readonly syncState: SyncStateStore;
  readonly scorecards: ScorecardStore;
  readonly learningLoop: LearningLoopStore;
  readonly pulseDeliveries: PulseDeliveryStore;
  readonly budgetStates: BudgetStateStore;
  readonly initiativeStates: InitiativeStateStore;
  readonly webhookDeliveries: WebhookDeliveryStore;
  readonly subjects: SubjectLookup;

  constructor(private readonly db: Knex) {
    this.syncState = new SyncStateStore(db);
    this.scorecards = new ScorecardStore(db);
    this.learningLoop = new LearningLoopStore(db);
    this.pulseDeliveries = new PulseDeliveryStore(db);
    this.budgetStates = new BudgetStateStore(db);
    this.initiativeStates = new InitiativeStateStore(db);
    this.webhookDeliveries = new WebhookDeliveryStore(db);
    this.subjects = new SubjectLookup(db);
  }

  /** Where one source's items are written, optionally for one scope of its sync. */
  items(
    source: string,
    options?: ConstructorParameters<typeof QualityItemStore>[2],
  ): QualityItemStore {
    return new QualityItemStore(this.db, source, options);
  }

  /** The versions of the data under an answer over these entities; a write touching one of them moves them. */
  dataVersions(entityRefs: string[]): Promise<ScopeVersions> {
    return versionsOf(this.db, entityRefs);
  }

  /** This database's id, for the keys of answers in a cache other instances share. */
  cacheEpoch(): Promise<string> {
    return cacheEpoch(this.db);
  }
}
