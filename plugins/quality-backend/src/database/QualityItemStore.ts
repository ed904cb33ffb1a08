import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { bumpDataVersion } from './dataVersion';
import { InputError } from '@backstage/errors';
import {
  NormalisedBug,
  NormalisedDeployment,
  NormalisedIncident,
  NormalisedPostmortem,
  PostmortemActionItem,
  QualityItemKind,
  QualityItemSink,
  RemoveMissingOptions,
} from '@quality-pulse/plugin-quality-node';
import {
  applyRollupDeltas,
  openDayDeltas,
  StoredHistoryEntry,
} from './burnDownRollup';
import {
  canonicalEntityRef,
  optionalTime,
  requireActionStatus,
  requireBugStatus,
  requireDay,
  requireHttpUrl,
  requireLabels,
  requireOwnerRef,
  requireSeverity,
  requireText,
  requireTime,
} from './normalise';

const ITEM_TABLES: Record<QualityItemKind, string> = {
  bugs: 'quality_bugs',
  incidents: 'quality_incidents',
  postmortems: 'quality_postmortems',
  deployments: 'quality_deployments',
};

/**
 * Deletes one chunk of items. A deleted bug takes its contribution out of the
 * burn-down rollup; history and post-mortem links go with their item (cascade).
 */
async function deleteByExternalIds(
  tx: Knex.Transaction,
  source: string,
  kind: QualityItemKind,
  externalIds: string[],
): Promise<number> {
  if (kind === 'bugs') {
    const deltas = new Map<string, number>();
    await withdrawStoredHistories(tx, source, externalIds, deltas);
    await applyRollupDeltas(tx, deltas);
  }
  return tx(ITEM_TABLES[kind])
    .where('source', source)
    .whereIn('external_id', externalIds)
    .delete();
}

/**
 * Adds to `deltas` the opposite of what these bugs' stored histories
 * contribute to the rollup; returns the ids of the bugs already stored.
 */
async function withdrawStoredHistories(
  tx: Knex.Transaction,
  source: string,
  externalIds: string[],
  deltas: Map<string, number>,
): Promise<number[]> {
  // Two index lookups rather than a join: on PostgreSQL a join planned on
  // statistics older than a bulk load scans all history (issue 9 measured
  // 575 ms per page at a million bugs); a page of new bugs stops after the first.
  const bugIds = (
    await tx('quality_bugs')
      .where('source', source)
      .whereIn('external_id', externalIds)
      .select('id')
  ).map((row: { id: number }) => row.id);
  if (bugIds.length === 0) return bugIds;
  const rows: Array<StoredHistoryEntry & { bug_id: number }> = await tx(
    'quality_bug_history',
  )
    .whereIn('bug_id', bugIds)
    .orderBy(['bug_id', 'seq'])
    .select('bug_id', 'changed_at', 'status', 'severity', 'entity_ref');
  const byBug = new Map<number, StoredHistoryEntry[]>();
  for (const row of rows) {
    byBug.set(row.bug_id, [...(byBug.get(row.bug_id) ?? []), row]);
  }
  byBug.forEach(history => openDayDeltas(history, -1, deltas));
  return bugIds;
}

/**
 * Rows per statement: 500 × the widest row (12 columns) stays well under
 * SQLite's bound-parameter limit (32,766); on PostgreSQL each chunk is a round
 * trip, and 500 rather than 200 raised ingest from 4,900 to 7,300 bugs/s
 * (docs/benchmarks.md, issue 9).
 */
const CHUNK_SIZE = 500;

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
 * Stores the actions a source lists for a post-mortem. Actions are matched by
 * their key, so a status or fix link set in the portal survives the document
 * being read again; the document wins only when it ticks an action or links
 * its fix. Actions it no longer lists are removed.
 */
async function replaceActions(
  tx: Knex.Transaction,
  postmortemId: number,
  actions: ValidatedAction[],
  now: number,
): Promise<void> {
  const keys = actions.map(a => a.action_key);
  await tx('quality_postmortem_actions')
    .where('postmortem_id', postmortemId)
    .whereNotIn('action_key', keys)
    // Actions added in the portal are not the document's to remove.
    .whereNot('action_key', 'like', 'portal-%')
    .delete();
  for (const chunk of chunks(actions)) {
    await tx('quality_postmortem_actions')
      .insert(
        chunk.map(({ stated_status, stated_fix_url, ...action }) => ({
          ...action,
          postmortem_id: postmortemId,
          status: stated_status ?? 'open',
          fix_url: stated_fix_url,
          updated_at: now,
        })),
      )
      .onConflict(['postmortem_id', 'action_key'])
      .merge(['text', 'owner_ref', 'due_date', 'vague']);
  }
  for (const action of actions) {
    const stated: Record<string, string> = {};
    if (action.stated_status) stated.status = action.stated_status;
    if (action.stated_fix_url) stated.fix_url = action.stated_fix_url;
    if (Object.keys(stated).length > 0) {
      await tx('quality_postmortem_actions')
        .where({ postmortem_id: postmortemId, action_key: action.action_key })
        .update(stated);
    }
  }
}

interface ValidatedAction {
  action_key: string;
  text: string;
  owner_ref: string | null;
  due_date: string | null;
  vague: boolean;
  stated_status: string | null;
  stated_fix_url: string | null;
}

function validateActions(
  actions: PostmortemActionItem[],
  field: string,
): ValidatedAction[] {
  if (!Array.isArray(actions)) {
    throw new InputError(`${field} must be a list`);
  }
  const byKey = new Map<string, ValidatedAction>();
  actions.forEach((action, i) => {
    const text = requireText(action.text, `${field}[${i}].text`, 2048);
    const key = actionKey(text);
    if (byKey.has(key)) return;
    byKey.set(key, {
      action_key: key,
      text,
      owner_ref:
        action.owner === undefined
          ? null
          : requireOwnerRef(action.owner, `${field}[${i}].owner`),
      due_date:
        action.due === undefined
          ? null
          : requireDay(action.due, `${field}[${i}].due`),
      vague: Boolean(action.vague),
      stated_status:
        action.status === undefined
          ? null
          : requireActionStatus(action.status, `${field}[${i}].status`),
      stated_fix_url:
        action.fixUrl === undefined
          ? null
          : requireHttpUrl(action.fixUrl, `${field}[${i}].fixUrl`),
    });
  });
  return [...byKey.values()];
}

/**
 * What the action is, without its owner, due date, tick or links: editing
 * those in the document keeps the action the same one.
 */
export function actionKey(text: string): string {
  const gist = text
    .toLocaleLowerCase('en-US')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\d{4}-\d{2}-\d{2}/g, ' ')
    .replace(/(owner:?\s*|@)\S+/g, ' ')
    .replace(/\b(due|by)\b/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return createHash('sha256').update(gist).digest('hex').slice(0, 40);
}

function optionalUrl(value: unknown, field: string): string | null {
  return value === undefined || value === null
    ? null
    : requireText(value, field, 2048);
}

/**
 * Writes one provider's items. Every item is validated before anything is
 * written, and each batch is one transaction, so a provider that hands us a
 * bad item loses that batch and never leaves half of it behind.
 */
/**
 * better-sqlite3 runs every statement synchronously: a sync writing page
 * after page would hold the event loop and starve the HTTP server (issue 9:
 * a backend ingesting a million bugs into SQLite never answered its health
 * check). Each write lets waiting I/O run once before returning.
 */
const yieldToEventLoop = () =>
  new Promise<void>(resolve => setImmediate(resolve));

export class QualityItemStore implements QualityItemSink {
  private readonly now: () => number;
  private readonly scope: string | null;

  constructor(
    private readonly db: Knex,
    private readonly source: string,
    options: { now?: () => number; scope?: string } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.scope = options.scope ?? null;
  }

  async upsertBugs(bugs: NormalisedBug[]): Promise<void> {
    const syncedAt = this.now();
    const validated = bugs.map((bug, index) => {
      const field = `bugs[${index}]`;
      if (!Array.isArray(bug.history) || bug.history.length === 0) {
        throw new InputError(
          `${field}.history must hold at least the opening entry`,
        );
      }
      const history = bug.history.map((entry, seq) => ({
        seq,
        changed_at: requireTime(entry.at, `${field}.history[${seq}].at`),
        status: requireBugStatus(
          entry.status,
          `${field}.history[${seq}].status`,
        ),
        severity: requireSeverity(
          entry.severity,
          `${field}.history[${seq}].severity`,
        ),
        entity_ref: canonicalEntityRef(
          entry.entityRef,
          `${field}.history[${seq}].entityRef`,
        ),
      }));
      for (let i = 1; i < history.length; i++) {
        if (history[i].changed_at < history[i - 1].changed_at) {
          throw new InputError(`${field}.history must be ordered oldest first`);
        }
      }
      const current = history[history.length - 1];
      const bugRow = {
        source: this.source,
        scope: this.scope,
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
      const labels =
        bug.labels === undefined
          ? undefined
          : requireLabels(bug.labels, `${field}.labels`);
      return { row: bugRow, children: history, labels };
    });
    const rows = lastPerExternalId(validated, r => r.row.external_id);
    const labelled = new Map(
      rows
        .filter(r => r.labels !== undefined)
        .map(r => [r.row.external_id, r.labels!]),
    );

    await this.db.transaction(async tx => {
      // The burn-down rollup loses what the old histories added and gains the new ones.
      const deltas = new Map<string, number>();
      const storedIds = new Set<number>();
      for (const chunk of chunks(rows)) {
        const stored = await withdrawStoredHistories(
          tx,
          this.source,
          chunk.map(r => r.row.external_id),
          deltas,
        );
        stored.forEach(id => storedIds.add(id));
      }
      rows.forEach(r => openDayDeltas(r.children, 1, deltas));
      const ids = await upsertWithChildren(tx, {
        table: 'quality_bugs',
        childTable: 'quality_bug_history',
        foreignKey: 'bug_id',
        items: rows,
        storedIds,
      });
      await replaceBugLabels(tx, ids, labelled);
      await applyRollupDeltas(tx, deltas);
      await bumpDataVersion(tx);
    });
    await yieldToEventLoop();
  }

  async upsertIncidents(incidents: NormalisedIncident[]): Promise<void> {
    const syncedAt = this.now();
    const validated = incidents.map((incident, index) => {
      const field = `incidents[${index}]`;
      const startedAt = requireTime(incident.startedAt, `${field}.startedAt`);
      const resolvedAt = optionalTime(
        incident.resolvedAt,
        `${field}.resolvedAt`,
      );
      if (resolvedAt !== null && resolvedAt < startedAt) {
        throw new InputError(
          `${field}.resolvedAt must not be before startedAt`,
        );
      }
      return {
        source: this.source,
        scope: this.scope,
        external_id: requireText(incident.externalId, `${field}.externalId`),
        entity_ref: canonicalEntityRef(
          incident.entityRef,
          `${field}.entityRef`,
        ),
        title: requireText(incident.title, `${field}.title`, 4096),
        url: optionalUrl(incident.url, `${field}.url`),
        severity: requireSeverity(incident.severity, `${field}.severity`),
        started_at: startedAt,
        acknowledged_at: optionalTime(
          incident.acknowledgedAt,
          `${field}.acknowledgedAt`,
        ),
        resolved_at: resolvedAt,
        synced_at: syncedAt,
      };
    });
    const rows = lastPerExternalId(validated, r => r.external_id);
    await this.db.transaction(async tx => {
      await upsertRows(tx, 'quality_incidents', rows);
      await bumpDataVersion(tx);
    });
    await yieldToEventLoop();
  }

  async upsertPostmortems(postmortems: NormalisedPostmortem[]): Promise<void> {
    const syncedAt = this.now();
    const validated = postmortems.map((postmortem, index) => {
      const field = `postmortems[${index}]`;
      const subjects = (postmortem.subjects ?? []).map((subject, s) => {
        if (subject.kind !== 'incident' && subject.kind !== 'bug') {
          throw new InputError(
            `${field}.subjects[${s}].kind must be incident or bug`,
          );
        }
        return {
          subject_kind: subject.kind,
          subject_source: subject.source ?? this.source,
          subject_external_id: requireText(
            subject.externalId,
            `${field}.subjects[${s}].externalId`,
          ),
        };
      });
      return {
        row: {
          source: this.source,
          scope: this.scope,
          external_id: requireText(
            postmortem.externalId,
            `${field}.externalId`,
          ),
          entity_ref: canonicalEntityRef(
            postmortem.entityRef,
            `${field}.entityRef`,
          ),
          title: requireText(postmortem.title, `${field}.title`, 4096),
          url: requireText(postmortem.url, `${field}.url`, 2048),
          published_at: optionalTime(
            postmortem.publishedAt,
            `${field}.publishedAt`,
          ),
          complete:
            typeof postmortem.complete === 'boolean'
              ? postmortem.complete
              : null,
          assessment:
            postmortem.assessment === undefined
              ? null
              : JSON.stringify(postmortem.assessment),
          synced_at: syncedAt,
        },
        actions:
          postmortem.actions === undefined
            ? undefined
            : validateActions(postmortem.actions, `${field}.actions`),
        // A subject named twice is one link.
        children: [
          ...new Map(
            subjects.map(subject => [
              `${subject.subject_kind}\u0000${subject.subject_source}\u0000${subject.subject_external_id}`,
              subject,
            ]),
          ).values(),
        ],
      };
    });
    const rows = lastPerExternalId(validated, r => r.row.external_id);
    await this.db.transaction(async tx => {
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
            syncedAt,
          );
        }
      }
      await bumpDataVersion(tx);
    });
    await yieldToEventLoop();
  }

  async upsertDeployments(deployments: NormalisedDeployment[]): Promise<void> {
    const syncedAt = this.now();
    const validated = deployments.map((deployment, index) => {
      const field = `deployments[${index}]`;
      return {
        source: this.source,
        scope: this.scope,
        external_id: requireText(deployment.externalId, `${field}.externalId`),
        entity_ref: canonicalEntityRef(
          deployment.entityRef,
          `${field}.entityRef`,
        ),
        deployed_at: requireTime(deployment.deployedAt, `${field}.deployedAt`),
        remediation: Boolean(deployment.remediation),
        url: optionalUrl(deployment.url, `${field}.url`),
        synced_at: syncedAt,
      };
    });
    const rows = lastPerExternalId(validated, r => r.external_id);
    await this.db.transaction(async tx => {
      await upsertRows(tx, 'quality_deployments', rows);
      await bumpDataVersion(tx);
    });
    await yieldToEventLoop();
  }

  async deleteItems(
    kind: QualityItemKind,
    externalIds: string[],
  ): Promise<number> {
    let deleted = 0;
    await this.db.transaction(async tx => {
      for (const chunk of chunks(externalIds)) {
        deleted += await deleteByExternalIds(tx, this.source, kind, chunk);
      }
      if (deleted > 0) await bumpDataVersion(tx);
    });
    await yieldToEventLoop();
    return deleted;
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
