import { Knex } from 'knex';

/**
 * SQL that holds when the incident or bug in `alias` is documented by a
 * post-mortem of its own entity for which `condition` (over `p`, the
 * post-mortem) holds. A post-mortem of one service never documents another's items:
 * front matter naming another team's incident would otherwise mark it
 * documented there (issue 17).
 */
export function documentedBy(
  db: Knex,
  alias: string,
  options: {
    /** The item kind; left out, the `kind` column of `alias` says it. */
    kind?: 'incident' | 'bug';
    condition?: string;
    bindings?: readonly Knex.Value[];
  } = {},
): Knex.Raw {
  const kind = options.kind ? `'${options.kind}'` : `${alias}.kind`;
  return db.raw(
    `EXISTS (
      SELECT 1 FROM quality_postmortem_subjects ps
      JOIN quality_postmortems p ON p.id = ps.postmortem_id
      WHERE ps.subject_kind = ${kind}
        AND ps.subject_source = ${alias}.source
        AND ps.subject_external_id = ${alias}.external_id
        AND p.entity_ref = ${alias}.entity_ref
        AND (${options.condition ?? 'TRUE'})
    )`,
    options.bindings ?? [],
  );
}
