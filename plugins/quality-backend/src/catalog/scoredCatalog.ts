import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Organisation, readOrgEntities } from './organisation';
import { ScoredComponent } from './scoredComponent';

/**
 * The org and every component, as background jobs (scorecards, the daily
 * pulse) see them with the plugin's own credentials: the whole catalog, with
 * the fields check filters match on (the org reads them for every view).
 */
export async function loadScoredCatalog(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<{ org: Organisation; components: ScoredComponent[] }> {
  const { groups, components } = await readOrgEntities(catalog, credentials);
  const org = Organisation.fromEntities(groups, components);
  return { org, components: org.components() };
}
