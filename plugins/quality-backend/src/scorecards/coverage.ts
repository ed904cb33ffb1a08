import { createHash } from 'node:crypto';
import { Organisation } from '../catalog/organisation';

/**
 * The entities a scorecard's figures are computed from: an entity's own, plus
 * its owning squad's for the budget checks; a squad's, everything it owns.
 * A stored scorecard is computed from the whole catalog; a caller who cannot
 * see every one of these entities gets one computed for their view instead
 * (issue 17: no figure of a hidden entity may reach them).
 */
export function coveredEntities(
  org: Organisation,
  scope: { ref: string; kind: 'entity' | 'squad' },
): string[] {
  if (scope.kind === 'squad') return org.entitiesOf(scope.ref);
  const owner = org.ownerOf(scope.ref);
  return owner?.type === 'team'
    ? [...new Set([scope.ref, ...org.entitiesOf(owner.ref)])]
    : [scope.ref];
}

/** A short fingerprint of a set of entity refs, to compare two views of one scope. */
export function coverageDigest(entityRefs: string[]): string {
  return createHash('sha256')
    .update([...new Set(entityRefs)].sort().join('\n'))
    .digest('hex')
    .slice(0, 32);
}
