import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AnyQualityProvider } from '@quality-pulse/plugin-quality-node';
import { Knex } from 'knex';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';
import { toNumber } from '../database/normalise';
import { QualityStores } from '../database/QualityStores';
import { QualityMetrics } from '../metrics/QualityMetrics';
import { QualitySyncEngine } from '../sync/QualitySyncEngine';

/**
 * A bug as the store holds it, history included, for assertions.
 * @public
 */
export interface StoredBug {
  externalId: string;
  entityRef: string;
  scope: string | null;
  title: string;
  url: string | null;
  severity: string;
  status: string;
  escaped: boolean;
  history: Array<{
    at: string;
    status: string;
    severity: string;
    entityRef: string;
  }>;
}

/** Collects log lines so tests can assert what is (and is not) logged. */
function collectingLogger(lines: string[], fields = {}): LoggerService {
  const log = (level: string) => (message: string, meta?: unknown) =>
    lines.push(
      `${level} ${message} ${JSON.stringify({ ...fields, ...(meta as {}) })}`,
    );
  return {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: (more: {}) => collectingLogger(lines, { ...fields, ...more }),
  };
}

/**
 * Runs a provider through the real sync engine and store on a test database,
 * without a backend: module contract tests call `sync()` as the scheduler
 * would and read back what was stored.
 * @public
 */
export async function createProviderHarness(options: {
  knex: Knex;
  provider: AnyQualityProvider;
  entities: Entity[];
}) {
  const { knex, provider } = options;
  await knex.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
  const logs: string[] = [];
  const catalog = {
    getEntities: async () => ({ items: options.entities }),
  } as unknown as CatalogService;
  const auth = {
    getOwnServiceCredentials: async () => ({
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'service', subject: 'plugin:quality' },
    }),
  } as unknown as AuthService;
  const stores = new QualityStores(knex);
  const metrics = new QualityMetrics(knex);
  const engine = new QualitySyncEngine({
    stores,
    providers: [provider],
    scheduler: undefined as never, // sync() is called directly
    catalog,
    auth,
    logger: collectingLogger(logs),
  });
  const { syncState } = stores;

  return {
    logs,
    /** One scheduled run of the provider. */
    sync: (signal: AbortSignal = new AbortController().signal) =>
      engine.syncProvider(provider, signal),
    syncStatus: () => syncState.list(),
    cursor: (scope: string) => syncState.getCursor(provider.id, scope),
    /** The entity summary over the last `days` days up to `now`. */
    summary: (entityRef: string, now = Date.now(), days = 90) =>
      metrics.entitySummary(entityRef, {
        start: now - days * 24 * 60 * 60 * 1000,
        end: now,
        days,
      }),
    /** Stored incidents, times as ISO text. */
    async incidents() {
      const iso = (value: unknown) =>
        value === null || value === undefined
          ? null
          : new Date(toNumber(value as number)).toISOString();
      const rows = await knex('quality_incidents')
        .where('source', provider.id)
        .orderBy('started_at');
      return rows.map(row => ({
        externalId: row.external_id as string,
        entityRef: row.entity_ref as string,
        title: row.title as string,
        url: (row.url ?? null) as string | null,
        severity: row.severity as string,
        startedAt: iso(row.started_at),
        acknowledgedAt: iso(row.acknowledged_at),
        resolvedAt: iso(row.resolved_at),
      }));
    },
    /** Stored post-mortems with the items they document. */
    async postmortems() {
      const rows = await knex('quality_postmortems')
        .where('source', provider.id)
        .orderBy('external_id');
      const subjects = await knex('quality_postmortem_subjects').whereIn(
        'postmortem_id',
        rows.map(row => row.id),
      );
      return rows.map(row => ({
        externalId: row.external_id as string,
        entityRef: row.entity_ref as string,
        url: row.url as string,
        subjects: subjects
          .filter(subject => subject.postmortem_id === row.id)
          .map(
            subject => `${subject.subject_kind}:${subject.subject_external_id}`,
          ),
      }));
    },
    async bugs(): Promise<StoredBug[]> {
      const rows = await knex('quality_bugs')
        .where('source', provider.id)
        .orderBy('external_id');
      const history = await knex('quality_bug_history')
        .whereIn(
          'bug_id',
          rows.map(row => row.id),
        )
        .orderBy(['bug_id', 'seq']);
      return rows.map(row => ({
        externalId: row.external_id,
        entityRef: row.entity_ref,
        scope: row.scope ?? null,
        title: row.title,
        url: row.url ?? null,
        severity: row.severity,
        status: row.status,
        escaped: Boolean(row.escaped),
        history: history
          .filter(entry => entry.bug_id === row.id)
          .map(entry => ({
            at: new Date(toNumber(entry.changed_at)).toISOString(),
            status: entry.status,
            severity: entry.severity,
            entityRef: entry.entity_ref,
          })),
      }));
    },
  };
}

/** @public */
export type ProviderHarness = Awaited<ReturnType<typeof createProviderHarness>>;
