import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Organisation } from './organisation';

/** A component as scorecard filters see it. */
export interface ScoredComponent {
  ref: string;
  type?: string;
  lifecycle?: string;
  tags: string[];
}

/**
 * The org and every component, as background jobs (scorecards, the daily
 * pulse) see them with the plugin's own credentials: the whole catalog, with
 * the fields check filters match on.
 */
export async function loadScoredCatalog(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<{ org: Organisation; components: ScoredComponent[] }> {
  const [groups, components] = await Promise.all([
    catalog.getEntities(
      {
        filter: { kind: 'Group' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'metadata.annotations',
          'spec.type',
          'spec.parent',
          'spec.profile.displayName',
        ],
      },
      { credentials },
    ),
    catalog.getEntities(
      {
        filter: { kind: 'Component' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.tags',
          'spec.owner',
          'spec.type',
          'spec.lifecycle',
        ],
      },
      { credentials },
    ),
  ]);
  return {
    org: Organisation.fromEntities(groups.items, components.items),
    components: components.items.map(scoredComponent),
  };
}

function lowerCase(value: unknown): string | undefined {
  return typeof value === 'string'
    ? value.toLocaleLowerCase('en-US')
    : undefined;
}

/** A catalog entity as check filters match it. */
export function scoredComponent(entity: Entity): ScoredComponent {
  const spec = (entity.spec ?? {}) as { type?: unknown; lifecycle?: unknown };
  return {
    ref: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
    type: lowerCase(spec.type),
    lifecycle: lowerCase(spec.lifecycle),
    tags: (entity.metadata.tags ?? []).map(tag =>
      tag.toLocaleLowerCase('en-US'),
    ),
  };
}
