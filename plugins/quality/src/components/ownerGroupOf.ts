import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
} from '@backstage/catalog-model';

/** The group that owns the entity, from its ownedBy relation (or spec.owner before the catalog has processed it). */
export function ownerGroupOf(entity: Entity): CompoundEntityRef | undefined {
  const related = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  const owner = related?.targetRef ?? entity.spec?.owner;
  if (typeof owner !== 'string') {
    return undefined;
  }
  const ref = parseEntityRef(owner, {
    defaultKind: 'group',
    defaultNamespace: entity.metadata.namespace ?? 'default',
  });
  return ref.kind.toLocaleLowerCase('en-US') === 'group' ? ref : undefined;
}
