import { Entity, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * Catalog entities that name the same tracker scope (a Jira project, a
 * repository) are told apart by optional filters (a Jira component, a label).
 */

/** @public */
export interface ScopeTarget<T> {
  entityRef: string;
  /** Whether an item of the scope belongs to the entity; absent: every item does. */
  accepts?: (item: T) => boolean;
}

/**
 * Groups entities by the value of an annotation (trimmed; keys compared with
 * `normaliseKey`, e.g. lower-cased for GitHub slugs), sorted by entity ref so
 * the choice between overlapping entities is stable.
 *
 * @public
 */
export function entitiesByAnnotation(
  entities: Entity[],
  annotation: string,
  normaliseKey: (value: string) => string = value => value,
): Map<string, Entity[]> {
  const groups = new Map<string, Entity[]>();
  const sorted = [...entities].sort((a, b) =>
    stringifyEntityRef(a).localeCompare(stringifyEntityRef(b)),
  );
  for (const entity of sorted) {
    const value = entity.metadata.annotations?.[annotation]?.trim();
    if (!value) {
      continue;
    }
    const key = normaliseKey(value);
    groups.set(key, [...(groups.get(key) ?? []), entity]);
  }
  return groups;
}

/**
 * The entity an item belongs to: the first whose filter accepts it, else the
 * first without a filter; none when only filtered entities exist and none
 * accepts the item (it is another team's).
 *
 * @public
 */
export function targetEntityOf<T>(
  targets: ScopeTarget<T>[],
  item: T,
): string | undefined {
  return (
    targets.find(target => target.accepts?.(item))?.entityRef ??
    targets.find(target => !target.accepts)?.entityRef
  );
}

/**
 * The entities one instance of a provider reads when several are configured
 * (two Jira sites): those whose `annotation` names the instance, and, for the
 * default instance, those without the annotation.
 *
 * @public
 */
export function entitiesOfInstance(
  entities: Entity[],
  options: { annotation: string; instance: string; isDefault: boolean },
): Entity[] {
  return entities.filter(entity => {
    const named = entity.metadata.annotations?.[options.annotation]?.trim();
    return named ? named === options.instance : options.isDefault;
  });
}
