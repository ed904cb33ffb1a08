import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  ActionStatus,
  DefaultApiClient,
  EntityPostmortems,
  EntityQualitySummary,
  EntityQualityTimeSeries,
  FollowUpOutcome,
  OrgQualityOverview,
  OrgQualityTimeSeries,
  OrgQualityTrends,
  QualityInitiatives,
  SquadQualityTrends,
  QualityItemPage,
  QualityScorecard,
  SquadLearning,
  SquadQualitySummary,
  SquadQualityTimeSeries,
  TypedResponse,
} from '@quality-pulse/plugin-quality-common';
import { QualityApi, QualityItemsRequest, QualityWindow } from './QualityApi';

/**
 * The {@link QualityApi} over the backend's REST API: the requests are made by
 * the client generated from the backend's OpenAPI document (quality-common);
 * this class names the product's calls and turns error answers into
 * `ResponseError`s.
 *
 * @public
 */
export class QualityClient implements QualityApi {
  private readonly api: DefaultApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.api = new DefaultApiClient(options);
  }

  getEntitySummary(
    entity: CompoundEntityRef,
    window?: QualityWindow,
  ): Promise<EntityQualitySummary> {
    return answer(
      this.api.getEntitySummary({
        path: entityPath(entity),
        query: windowQuery(window),
      }),
    );
  }

  getEntityTimeSeries(
    entity: CompoundEntityRef,
    window?: QualityWindow,
  ): Promise<EntityQualityTimeSeries> {
    return answer(
      this.api.getEntityTimeSeries({
        path: entityPath(entity),
        query: windowQuery(window),
      }),
    );
  }

  getSquadSummary(
    group: Omit<CompoundEntityRef, 'kind'>,
    window?: QualityWindow,
  ): Promise<SquadQualitySummary> {
    return answer(
      this.api.getSquadSummary({
        path: groupPath(group),
        query: windowQuery(window),
      }),
    );
  }

  getSquadTimeSeries(
    group: Omit<CompoundEntityRef, 'kind'>,
    window?: QualityWindow,
  ): Promise<SquadQualityTimeSeries> {
    return answer(
      this.api.getSquadTimeSeries({
        path: groupPath(group),
        query: windowQuery(window),
      }),
    );
  }

  getEntityItems(
    entity: CompoundEntityRef,
    request: QualityItemsRequest,
    window?: QualityWindow,
  ): Promise<QualityItemPage> {
    return answer(
      this.api.getEntityItems({
        path: entityPath(entity),
        query: { ...itemsQuery(request), ...windowQuery(window) },
      }),
    );
  }

  getSquadItems(
    group: Omit<CompoundEntityRef, 'kind'>,
    request: QualityItemsRequest,
    window?: QualityWindow,
  ): Promise<QualityItemPage> {
    return answer(
      this.api.getSquadItems({
        path: groupPath(group),
        query: { ...itemsQuery(request), ...windowQuery(window) },
      }),
    );
  }

  getEntityPostmortems(
    entity: CompoundEntityRef,
    window?: QualityWindow,
  ): Promise<EntityPostmortems> {
    return answer(
      this.api.getEntityPostmortems({
        path: entityPath(entity),
        query: windowQuery(window),
      }),
    );
  }

  getEntityScorecard(entity: CompoundEntityRef): Promise<QualityScorecard> {
    return answer(this.api.getEntityScorecard({ path: entityPath(entity) }));
  }

  getSquadScorecard(
    group: Omit<CompoundEntityRef, 'kind'>,
  ): Promise<QualityScorecard> {
    return answer(this.api.getSquadScorecard({ path: groupPath(group) }));
  }

  getOrgOverview(window?: QualityWindow): Promise<OrgQualityOverview> {
    return answer(this.api.getOrgOverview({ query: windowQuery(window) }));
  }

  getSquadTrends(
    group: Omit<CompoundEntityRef, 'kind'>,
  ): Promise<SquadQualityTrends> {
    return answer(this.api.getSquadTrends({ path: groupPath(group) }));
  }

  getOrgTrends(): Promise<OrgQualityTrends> {
    return answer(this.api.getOrgTrends({}));
  }

  getOrgInitiatives(): Promise<QualityInitiatives> {
    return answer(this.api.getOrgInitiatives({}));
  }

  getSquadInitiatives(
    group: Omit<CompoundEntityRef, 'kind'>,
  ): Promise<QualityInitiatives> {
    return answer(this.api.getSquadInitiatives({ path: groupPath(group) }));
  }

  getOrgTimeSeries(window?: QualityWindow): Promise<OrgQualityTimeSeries> {
    return answer(this.api.getOrgTimeSeries({ query: windowQuery(window) }));
  }

  getSquadLearning(
    group: Omit<CompoundEntityRef, 'kind'>,
  ): Promise<SquadLearning> {
    return answer(this.api.getSquadLearning({ path: groupPath(group) }));
  }

  linkPostmortem(
    entity: CompoundEntityRef,
    link: { url: string; title?: string; publishedAt?: string },
  ): Promise<{ assessed: boolean; readError?: string }> {
    return answer(
      this.api.linkEntityPostmortem({ path: entityPath(entity), body: link }),
    );
  }

  async updateAction(
    actionId: number,
    change: { status?: ActionStatus; fixUrl?: string | null },
  ): Promise<void> {
    await answer(
      this.api.updatePostmortemAction({ path: { id: actionId }, body: change }),
    );
  }

  async recordFollowUpReview(
    postmortemId: number,
    review: { outcome: FollowUpOutcome; notes?: string },
  ): Promise<void> {
    await answer(
      this.api.recordFollowUpReview({
        path: { id: postmortemId },
        body: review,
      }),
    );
  }
}

async function answer<T>(request: Promise<TypedResponse<T>>): Promise<T> {
  const response = await request;
  if (!response.ok) {
    throw await ResponseError.fromResponse(response as Response);
  }
  return await response.json();
}

/**
 * The window as the backend reads it. The generated query types name `from`
 * `_from` (a reserved word of the generator) while the generated URI template
 * expands the wire name `from`: the parameter is given by its wire name.
 */
function windowQuery(window?: QualityWindow): {
  windowDays?: number;
  from?: string;
  to?: string;
  timeZone?: string;
} {
  if (!window) {
    return {};
  }
  if ('from' in window) {
    return { from: window.from, to: window.to, timeZone: window.timeZone };
  }
  return { windowDays: window.windowDays };
}

function itemsQuery(request: QualityItemsRequest) {
  return {
    list: request.list,
    severity: request.severities?.join(','),
    limit: request.limit,
    offset: request.offset,
  };
}

/** Entity refs are case-insensitive; the backend's routes take lower case. */
const lower = (part: string) => part.toLocaleLowerCase('en-US');

function entityPath(entity: CompoundEntityRef) {
  return {
    kind: lower(entity.kind),
    namespace: lower(entity.namespace),
    name: lower(entity.name),
  };
}

function groupPath(group: Omit<CompoundEntityRef, 'kind'>) {
  return { namespace: lower(group.namespace), name: lower(group.name) };
}
