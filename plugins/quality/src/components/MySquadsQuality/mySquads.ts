import { IdentityApi } from '@backstage/core-plugin-api';
import {
  CompoundEntityRef,
  parseEntityRef,
  RELATION_MEMBER_OF,
} from '@backstage/catalog-model';
import { CatalogApi } from '@backstage/plugin-catalog-react';

/** The most squads the card shows; people in more squads than that have an org page. */
export const MAX_SQUADS = 8;

/**
 * The groups the signed-in user belongs to: the group refs of their sign-in
 * identity, and the memberships the catalog records for their user entity
 * (a sign-in resolver may not copy those into the identity).
 */
export async function mySquadRefs(
  identityApi: IdentityApi,
  catalogApi: CatalogApi,
): Promise<CompoundEntityRef[]> {
  const identity = await identityApi.getBackstageIdentity();
  const refs = new Set(
    identity.ownershipEntityRefs.filter(
      ref => parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group',
    ),
  );
  const user = await catalogApi.getEntityByRef(identity.userEntityRef);
  for (const relation of user?.relations ?? []) {
    if (relation.type === RELATION_MEMBER_OF) {
      refs.add(relation.targetRef);
    }
  }
  return [...refs]
    .sort()
    .slice(0, MAX_SQUADS)
    .map(ref => parseEntityRef(ref));
}
