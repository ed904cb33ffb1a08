import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityQualitySummary } from '@quality-pulse/plugin-quality-common';
import { QualityApi } from './QualityApi';

/** The {@link QualityApi} over the backend's REST API. @public */
export class QualityClient implements QualityApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getEntitySummary(
    entity: CompoundEntityRef,
    options?: { windowDays?: number },
  ): Promise<EntityQualitySummary> {
    const path = [entity.kind, entity.namespace, entity.name]
      .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
      .join('/');
    const query = options?.windowDays
      ? `?windowDays=${options.windowDays}`
      : '';
    return this.get(`/v1/entities/${path}/summary${query}`);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('quality');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
