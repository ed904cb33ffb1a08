import { Config } from '@backstage/config';

/**
 * Which entities a scorecard check or an initiative applies to: every listed
 * field must match (any of its values), case-insensitively.
 */
export interface EntityFilter {
  /** Lower-case kinds: `component` for services, `group` for squads. */
  kind?: string[];
  /** spec.type: `service`, `website`, … for components; `team` for groups. */
  type?: string[];
  lifecycle?: string[];
  tag?: string[];
}

/** What a filter is matched against. */
export interface FilteredEntity {
  ref: string;
  kind: string;
  type?: string;
  lifecycle?: string;
  tags: string[];
}

export function matchesFilter(
  filter: EntityFilter | undefined,
  target: FilteredEntity,
): boolean {
  const matches = (allowed: string[] | undefined, actual: string[]) =>
    !allowed ||
    actual.some(value => allowed.includes(value.toLocaleLowerCase('en-US')));
  return (
    matches(filter?.kind, [target.kind]) &&
    matches(filter?.type, target.type ? [target.type] : []) &&
    matches(filter?.lifecycle, target.lifecycle ? [target.lifecycle] : []) &&
    matches(filter?.tag, target.tags)
  );
}

/** Reads `<key>.filter`; an empty list stops start-up naming the field. */
export function readEntityFilter(entry: Config, key: string): EntityFilter {
  const filter = entry.getConfig('filter');
  const list = (field: keyof EntityFilter) => {
    const values = filter.getOptionalStringArray(field);
    if (values && values.length === 0) {
      throw new Error(`${key}.filter.${field} must not be empty`);
    }
    return values?.map(v => v.toLocaleLowerCase('en-US'));
  };
  return {
    kind: list('kind'),
    type: list('type'),
    lifecycle: list('lifecycle'),
    tag: list('tag'),
  };
}
