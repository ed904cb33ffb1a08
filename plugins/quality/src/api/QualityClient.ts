import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  EntityPostmortems,
  EntityQualitySummary,
  EntityQualityTimeSeries,
  OrgQualityOverview,
  OrgQualityTimeSeries,
  QualityItemPage,
  QualityScorecard,
  SquadQualitySummary,
  SquadQualityTimeSeries,
  SquadLearning,
  ActionStatus,
  FollowUpOutcome,
} from '@quality-pulse/plugin-quality-common';
import { QualityApi, QualityItemsRequest, QualityWindow } from './QualityApi';

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

  getEntityItems(
    entity: CompoundEntityRef,
    request: QualityItemsRequest,
    window?: QualityWindow,
  ): Promise<QualityItemPage> {
    return this.get(`/v1/entities/${entityPath(entity)}/items`, {
      ...window,
      ...itemsQuery(request),
    });
  }

  getSquadItems(
    group: Omit<CompoundEntityRef, 'kind'>,
    request: QualityItemsRequest,
    window?: QualityWindow,
  ): Promise<QualityItemPage> {
    return this.get(
      `/v1/groups/${segments(group.namespace, group.name)}/items`,
      { ...window, ...itemsQuery(request) },
    );
  }

  getEntityPostmortems(
    entity: CompoundEntityRef,
    window?: QualityWindow,
  ): Promise<EntityPostmortems> {
    return this.get(`/v1/entities/${entityPath(entity)}/postmortems`, window);
  }

  getEntityScorecard(entity: CompoundEntityRef): Promise<QualityScorecard> {
    return this.get(`/v1/entities/${entityPath(entity)}/scorecard`);
  }

  getSquadScorecard(
    group: Omit<CompoundEntityRef, 'kind'>,
  ): Promise<QualityScorecard> {
    return this.get(
      `/v1/groups/${segments(group.namespace, group.name)}/scorecard`,
    );
  }

  getOrgOverview(window?: QualityWindow): Promise<OrgQualityOverview> {
    return this.get('/v1/org/overview', window);
  }

  getOrgTimeSeries(window?: QualityWindow): Promise<OrgQualityTimeSeries> {
    return this.get('/v1/org/timeseries', window);
  }

  getSquadLearning(
    group: Omit<CompoundEntityRef, 'kind'>,
  ): Promise<SquadLearning> {
    return this.get(
      `/v1/groups/${segments(group.namespace, group.name)}/learning`,
    );
  }

  linkPostmortem(
    entity: CompoundEntityRef,
    link: { url: string; title?: string; publishedAt?: string },
  ): Promise<{ assessed: boolean; readError?: string }> {
    return this.send(
      'POST',
      `/v1/entities/${entityPath(entity)}/postmortems`,
      link,
    );
  }

  async updateAction(
    actionId: number,
    change: { status?: ActionStatus; fixUrl?: string | null },
  ): Promise<void> {
    await this.send('PATCH', `/v1/actions/${actionId}`, change);
  }

  async recordFollowUpReview(
    postmortemId: number,
    review: { outcome: FollowUpOutcome; notes?: string },
  ): Promise<void> {
    await this.send('PUT', `/v1/postmortems/${postmortemId}/review`, review);
  }

  private async send<T>(
    method: string,
    path: string,
    body: object,
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('quality');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  private async get<T>(
    path: string,
    parameters?: Record<string, string | number | undefined>,
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('quality');
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(parameters ?? {})) {
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

function itemsQuery(request: QualityItemsRequest) {
  return {
    list: request.list,
    severity: request.severities?.join(','),
    limit: request.limit,
    offset: request.offset,
  };
}

function segments(...parts: string[]) {
  return parts
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/');
}

function entityPath(entity: CompoundEntityRef) {
  return segments(entity.kind, entity.namespace, entity.name);
}
