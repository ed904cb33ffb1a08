import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

const DAY = 24 * 60 * 60 * 1000;

/**
 * The demo's quality initiative story: from `days` before the anchor, the
 * squads named in `owners` adopt the rituals and their services escape fewer
 * bugs, down to a third at the anchor; everyone else goes on as before.
 * @public
 */
export interface DemoImprovement {
  days: number;
  /** Group references, as a component's spec.owner names them. */
  owners: string[];
}

/** How much of the usual escape probability is left at `time`: 1, falling to 1/3. */
export function improvementAt(
  entity: Entity,
  time: number,
  options: { anchor: number; improvement?: DemoImprovement },
): number {
  const improvement = options.improvement;
  const owner = entity.spec?.owner;
  if (!improvement || typeof owner !== 'string') return 1;
  const ownerRef = stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    }),
  );
  const owners = improvement.owners.map(ref =>
    stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ),
  );
  const since = options.anchor - improvement.days * DAY;
  if (!owners.includes(ownerRef) || time < since) return 1;
  return 1 - ((2 / 3) * (time - since)) / (options.anchor - since);
}
