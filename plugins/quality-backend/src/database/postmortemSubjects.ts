import { Knex } from 'knex';

/** Incidents and bugs a post-mortem may document: those of its own entity. */
export class SubjectLookup {
  constructor(private readonly db: Knex) {}

  /**
   * The tools that hold each named incident or bug of `entityRef`, keyed
   * `kind:externalId`, in source order. Two queries, whatever the number of
   * subjects; items of other entities are never found.
   */
  async sourcesOf(
    entityRef: string,
    subjects: Array<{ kind: 'incident' | 'bug'; externalId: string }>,
  ): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    for (const kind of ['incident', 'bug'] as const) {
      const ids = [
        ...new Set(
          subjects.filter(s => s.kind === kind).map(s => s.externalId),
        ),
      ];
      if (ids.length === 0) continue;
      const rows: Array<{ source: string; external_id: string }> =
        await this.db(
          kind === 'incident' ? 'quality_incidents' : 'quality_bugs',
        )
          .where('entity_ref', entityRef.toLocaleLowerCase('en-US'))
          .whereIn('external_id', ids)
          .orderBy('source')
          .select('source', 'external_id');
      for (const row of rows) {
        const key = `${kind}:${row.external_id}`;
        found.set(key, [...(found.get(key) ?? []), row.source]);
      }
    }
    return found;
  }
}
