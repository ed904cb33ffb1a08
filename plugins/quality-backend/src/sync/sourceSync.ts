import {
  AnyQualitySource,
  MappedPage,
  QualityCursorSource,
  QualityItemKind,
  QualityProviderSyncContext,
  QualityScopeContext,
  QualitySource,
  QualitySourceScope,
  RequestBudget,
  runIncrementalSync,
  vendorCaller,
} from '@quality-pulse/plugin-quality-node';

/**
 * One run of a declared source: for each of its scopes, the engine's
 * incremental sync fetches a page through the source, has the source map
 * it, and stores what comes back. The source never calls the engine.
 */
export async function syncSource(
  source: AnyQualitySource,
  run: QualityProviderSyncContext,
): Promise<void> {
  const scopes = source.scopes(run.entities);
  if (scopes.length === 0) return;
  // One budget for the whole run: a vendor's rate limit is per account, not
  // per scope. Made inside the first scope, so that a rejected token or a bad
  // site shows on every scope's status instead of failing the run unseen.
  const budget = new RequestBudget(source.requestBudget);
  const { signal, logger } = run;
  const call = vendorCaller({ budget, signal, logger });
  let made: Promise<unknown> | undefined;
  const connect = () =>
    (made ??= Promise.resolve().then(() =>
      source.client({ call, budget, logger, signal }),
    ));
  for (const scope of scopes) {
    if (run.signal.aborted) return;
    await run.runScope(
      scope.name,
      async (cursor, scoped) => {
        const client = await connect();
        return 'read' in source
          ? readByCursor(source, client, scope, cursor, scoped, signal)
          : readIncrementally(source, client, scope, cursor, scoped, signal);
      },
      { entityRefs: scope.entityRefs },
    );
  }
}

/** The engine's incremental sync over the source's pages of updated items. */
function readIncrementally(
  source: QualitySource<unknown, unknown, unknown>,
  client: unknown,
  scope: QualitySourceScope<unknown>,
  cursor: string | undefined,
  scoped: QualityScopeContext,
  signal: AbortSignal,
): Promise<string> {
  const { paging, reconcile } = source;
  return runIncrementalSync<unknown>({
    cursor,
    checkpoint: scoped.checkpoint,
    order: paging.order,
    backfillHorizonDays: paging.backfillDays,
    reconcileIntervalHours: reconcile ? paging.reconcileHours : undefined,
    filterPrecisionMs: paging.filterPrecisionMs,
    now: paging.now,
    signal,
    fetchPage: (since, pageToken) =>
      source.fetchPage(client, scope.target, since, pageToken),
    updatedAt: raw => source.updatedAt(raw),
    storePage: async raw =>
      storeMapped(await source.map(client, scope, raw), scoped),
    listAllIds: reconcile && (() => reconcile.listAllIds(client, scope.target)),
    removeMissing:
      reconcile &&
      (ids =>
        scoped.sink.removeMissing(reconcile.kind, ids, {
          stillPresent:
            reconcile.stillPresent &&
            (candidates =>
              reconcile.stillPresent!(client, scope.target, candidates)),
        })),
  });
}

/** The source's own cursor: each yielded page stored, then its resume point checkpointed. */
async function readByCursor(
  source: QualityCursorSource<unknown, unknown, unknown>,
  client: unknown,
  scope: QualitySourceScope<unknown>,
  cursor: string | undefined,
  scoped: QualityScopeContext,
  signal: AbortSignal,
): Promise<string | undefined> {
  const pages = source.read(client, scope.target, cursor);
  for (;;) {
    signal.throwIfAborted();
    const next = await pages.next();
    if (next.done) return next.value;
    await storeMapped(
      await source.map(client, scope, next.value.items),
      scoped,
    );
    if (next.value.resumeFrom) await scoped.checkpoint(next.value.resumeFrom);
  }
}

/** Incidents and bugs before the post-mortems that document them; then what is gone or unlisted. */
async function storeMapped(page: MappedPage, scoped: QualityScopeContext) {
  for (const { kind, externalId, reason } of page.skipped ?? []) {
    scoped.skip(kind, externalId, reason);
  }
  const { sink } = scoped;
  if (page.bugs?.length) await sink.upsertBugs(page.bugs);
  if (page.incidents?.length) await sink.upsertIncidents(page.incidents);
  if (page.deployments?.length) await sink.upsertDeployments(page.deployments);
  if (page.postmortems?.length) await sink.upsertPostmortems(page.postmortems);
  for (const [kind, ids] of Object.entries(page.gone ?? {})) {
    if (ids?.length) await sink.deleteItems(kind as QualityItemKind, ids);
  }
  for (const [kind, ids] of Object.entries(page.listing ?? {})) {
    if (ids) await sink.removeMissing(kind as QualityItemKind, ids);
  }
}
