import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  EntityQualitySummary,
  EntityQualityTimeSeries,
  OrgQualityOverview,
  OrgQualityTimeSeries,
  SquadQualitySummary,
  SquadQualityTimeSeries,
} from '@quality-pulse/plugin-quality-common';
import { QualityApi, QualityWindow } from './QualityApi';

/** The {@link QualityApi} over the backend's REST API (src/schema/openapi.yaml of the backend). @public */
export class QualityClient implements QualityApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  getEntitySummary(
    entity: CompoundEntityRef,
    window?: QualityWindow,
  ): Promise<EntityQualitySummary> {
    return this.get(`/v1/entities/${entityPath(entity)}/summary`, window);
  }

  getEntityTimeSeries(
    entity: CompoundEntityRef,
    window?: QualityWindow,
  ): Promise<EntityQualityTimeSeries> {
    return this.get(`/v1/entities/${entityPath(entity)}/timeseries`, window);
  }

  getSquadSummary(
    group: Omit<CompoundEntityRef, 'kind'>,
    window?: QualityWindow,
  ): Promise<SquadQualitySummary> {
    return this.get(
      `/v1/groups/${segments(group.namespace, group.name)}/summary`,
      window,
    );
  }

  getSquadTimeSeries(
    group: Omit<CompoundEntityRef, 'kind'>,
    window?: QualityWindow,
  ): Promise<SquadQualityTimeSeries> {
    return this.get(
      `/v1/groups/${segments(group.namespace, group.name)}/timeseries`,
      window,
    );
  }

  getOrgOverview(window?: QualityWindow): Promise<OrgQualityOverview> {
    return this.get('/v1/org/overview', window);
  }

  getOrgTimeSeries(window?: QualityWindow): Promise<OrgQualityTimeSeries> {
    return this.get('/v1/org/timeseries', window);
  }

  private async get<T>(path: string, window?: QualityWindow): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('quality');
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(window ?? {})) {
      if (value !== undefined) {
        query.set(key, String(value));
      }
    }
    const search = query.size > 0 ? `?${query}` : '';
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${path}${search}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function segments(...parts: string[]) {
  return parts
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/');
}

function entityPath(entity: CompoundEntityRef) {
  return segments(entity.kind, entity.namespace, entity.name);
}
