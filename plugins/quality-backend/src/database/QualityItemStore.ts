import { Knex } from 'knex';
import { InputError } from '@backstage/errors';
import {
  NormalisedBug,
  NormalisedDeployment,
  NormalisedIncident,
  NormalisedPostmortem,
  QualityItemSink,
} from '@quality-pulse/plugin-quality-node';
import {
  canonicalEntityRef,
  optionalTime,
  requireBugStatus,
  requireSeverity,
  requireText,
  requireTime,
} from './normalise';

/** Rows per INSERT: well under SQLite's bound-parameter limit for every table. */
const CHUNK_SIZE = 200;

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK_SIZE) {
    result.push(items.slice(i, i + CHUNK_SIZE));
  }
  return result;
}

/**
 * A page can name the same item twice (an item updated while the source was
 * paging); the last one wins, as it would across two batches. PostgreSQL
 * refuses an upsert that touches one row twice, so this is not optional.
 */
function lastPerExternalId<T>(items: T[], key: (item: T) => string): T[] {
  return [...new Map(items.map(item => [key(item), item])).values()];
}

function optionalUrl(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : requireText(value, field, 2048);
}

/**
 * Writes one provider's items. Every item is validated before anything is
 * written, and each batch is one transaction, so a provider that hands us a
 * bad item loses that batch and never leaves half of it behind.
 */
export class QualityItemStore implements QualityItemSink {
  constructor(
    private readonly db: Knex,
    private readonly source: string,
    private readonly now: () => number = Date.now,
  ) {}

  async upsertBugs(bugs: NormalisedBug[]): Promise<void> {
    const syncedAt = this.now();
    const validated = bugs.map((bug, index) => {
      const field = `bugs[${index}]`;
      if (!Array.isArray(bug.history) || bug.history.length === 0) {
        throw new InputError(`${field}.history must hold at least the opening entry`);
      }
      const history = bug.history.map((entry, seq) => ({
        seq,
        changed_at: requireTime(entry.at, `${field}.history[${seq}].at`),
        status: requireBugStatus(entry.status, `${field}.history[${seq}].status`),
        severity: requireSeverity(entry.severity, `${field}.history[${seq}].severity`),
        entity_ref: canonicalEntityRef(entry.entityRef, `${field}.history[${seq}].entityRef`),
      }));
      for (let i = 1; i < history.length; i++) {
        if (history[i].changed_at < history[i - 1].changed_at) {
          throw new InputError(`${field}.history must be ordered oldest first`);
        }
      }
      const current = history[history.length - 1];
      const bugRow = {
        source: this.source,
        external_id: requireText(bug.externalId, `${field}.externalId`),
        entity_ref: current.entity_ref,
        title: requireText(bug.title, `${field}.title`, 4096),
        url: optionalUrl(bug.url, `${field}.url`),
        severity: current.severity,
        status: current.status,
        escaped: Boolean(bug.escaped),
        created_at: history[0].changed_at,
        resolved_at: current.status === 'closed' ? current.changed_at : null,
        synced_at: syncedAt,
      };
      return { bugRow, history };
    });
    const rows = lastPerExternalId(validated, r => r.bugRow.external_id);

    await this.db.transaction(async tx => {
      for (const chunk of chunks(rows)) {
        const inserted: Array<{ id: number; external_id: string }> = await tx(
          'quality_bugs',
        )
          .insert(chunk.map(r => r.bugRow))
          .onConflict(['source', 'external_id'])
          .merge()
          .returning(['id', 'external_id']);
        const idByExternalId = new Map(inserted.map(r => [r.external_id, r.id]));
        const ids = [...idByExternalId.values()];
        // The provider sends the whole history each time, so replacing it is idempotent.
        await tx('quality_bug_history').whereIn('bug_id', ids).delete();
        const historyRows = chunk.flatMap(r =>
          r.history.map(entry => ({
            bug_id: idByExternalId.get(r.bugRow.external_id),
            ...entry,
          })),
        );
        for (const historyChunk of chunks(historyRows)) {
          await tx('quality_bug_history').insert(historyChunk);
        }
      }
    });
  }

  async upsertIncidents(incidents: NormalisedIncident[]): Promise<void> {
    const syncedAt = this.now();
    const validated = incidents.map((incident, index) => {
      const field = `incidents[${index}]`;
      const startedAt = requireTime(incident.startedAt, `${field}.startedAt`);
      const resolvedAt = optionalTime(incident.resolvedAt, `${field}.resolvedAt`);
      if (resolvedAt !== null && resolvedAt < startedAt) {
        throw new InputError(`${field}.resolvedAt must not be before startedAt`);
      }
      return {
        source: this.source,
        external_id: requireText(incident.externalId, `${field}.externalId`),
        entity_ref: canonicalEntityRef(incident.entityRef, `${field}.entityRef`),
        title: requireText(incident.title, `${field}.title`, 4096),
        url: optionalUrl(incident.url, `${field}.url`),
        severity: requireSeverity(incident.severity, `${field}.severity`),
        started_at: startedAt,
        acknowledged_at: optionalTime(incident.acknowledgedAt, `${field}.acknowledgedAt`),
        resolved_at: resolvedAt,
        synced_at: syncedAt,
      };
    });
    const rows = lastPerExternalId(validated, r => r.external_id);
    await this.db.transaction(async tx => {
      for (const chunk of chunks(rows)) {
        await tx('quality_incidents')
          .insert(chunk)
          .onConflict(['source', 'external_id'])
          .merge();
      }
    });
  }

  async upsertPostmortems(postmortems: NormalisedPostmortem[]): Promise<void> {
    const syncedAt = this.now();
    const validated = postmortems.map((postmortem, index) => {
      const field = `postmortems[${index}]`;
      return {
        row: {
          source: this.source,
          external_id: requireText(postmortem.externalId, `${field}.externalId`),
          entity_ref: canonicalEntityRef(postmortem.entityRef, `${field}.entityRef`),
          title: requireText(postmortem.title, `${field}.title`, 4096),
          url: requireText(postmortem.url, `${field}.url`, 2048),
          published_at: optionalTime(postmortem.publishedAt, `${field}.publishedAt`),
          synced_at: syncedAt,
        },
        subjects: (postmortem.subjects ?? []).map((subject, s) => {
          if (subject.kind !== 'incident' && subject.kind !== 'bug') {
            throw new InputError(`${field}.subjects[${s}].kind must be incident or bug`);
          }
          return {
            subject_kind: subject.kind,
            subject_source: subject.source ?? this.source,
            subject_external_id: requireText(
              subject.externalId,
              `${field}.subjects[${s}].externalId`,
            ),
          };
        }),
      };
    });
    const rows = lastPerExternalId(validated, r => r.row.external_id);
    await this.db.transaction(async tx => {
      for (const chunk of chunks(rows)) {
        const inserted: Array<{ id: number; external_id: string }> = await tx(
          'quality_postmortems',
        )
          .insert(chunk.map(r => r.row))
          .onConflict(['source', 'external_id'])
          .merge()
          .returning(['id', 'external_id']);
        const idByExternalId = new Map(inserted.map(r => [r.external_id, r.id]));
        await tx('quality_postmortem_subjects')
          .whereIn('postmortem_id', [...idByExternalId.values()])
          .delete();
        const subjectRows = chunk.flatMap(r =>
          r.subjects.map(subject => ({
            postmortem_id: idByExternalId.get(r.row.external_id),
            ...subject,
          })),
        );
        for (const subjectChunk of chunks(subjectRows)) {
          await tx('quality_postmortem_subjects')
            .insert(subjectChunk)
            .onConflict(['postmortem_id', 'subject_kind', 'subject_source', 'subject_external_id'])
            .ignore();
        }
      }
    });
  }

  async upsertDeployments(deployments: NormalisedDeployment[]): Promise<void> {
    const syncedAt = this.now();
    const validated = deployments.map((deployment, index) => {
      const field = `deployments[${index}]`;
      return {
        source: this.source,
        external_id: requireText(deployment.externalId, `${field}.externalId`),
        entity_ref: canonicalEntityRef(deployment.entityRef, `${field}.entityRef`),
        deployed_at: requireTime(deployment.deployedAt, `${field}.deployedAt`),
        remediation: Boolean(deployment.remediation),
        url: optionalUrl(deployment.url, `${field}.url`),
        synced_at: syncedAt,
      };
    });
    const rows = lastPerExternalId(validated, r => r.external_id);
    await this.db.transaction(async tx => {
      for (const chunk of chunks(rows)) {
        await tx('quality_deployments')
          .insert(chunk)
          .onConflict(['source', 'external_id'])
          .merge();
      }
    });
  }
}
