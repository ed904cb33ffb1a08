import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Organisation, readOrgEntities } from './organisation';

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
  const { groups, components } = await readOrgEntities(catalog, credentials, [
    'metadata.tags',
    'spec.type',
    'spec.lifecycle',
  ]);
  return {
    org: Organisation.fromEntities(groups, components),
    components: components.map(scoredComponent),
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
