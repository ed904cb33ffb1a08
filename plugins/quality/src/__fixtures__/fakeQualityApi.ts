import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityQualitySummary,
  SquadQualitySummary,
} from '@quality-pulse/plugin-quality-common';
import { QualityApi, QualityItemsRequest } from '../api';
import {
  itemsFixture,
  learningFixture,
  postmortemsFixture,
  summaryFixture,
  timeSeriesFixture,
} from './entityAnswers';
import { squadFixture, orgFixture, scorecardFixture } from './squadAnswers';
import { trendsFixture } from './trendAnswers';
import { initiativesFixture } from './initiativeAnswers';

/**
 * A QualityApi double: summaries answer in turn (the last one repeats), the
 * other calls answer with the fixtures above. Every call is recorded.
 */
export function fakeQualityApi(
  ...answers: Array<EntityQualitySummary | Error>
) {
  const calls: Array<{ entity: unknown; options: unknown }> = [];
  const itemRequests: Array<{
    owner: unknown;
    request: QualityItemsRequest;
    window: unknown;
  }> = [];
  const writes: Array<{ call: string; target: unknown; body: unknown }> = [];
  const api: QualityApi = {
    async getEntitySummary(entity, options) {
      calls.push({ entity, options });
      const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
      if (answer instanceof Error) {
        throw answer;
      }
      return answer;
    },
    async getEntityTimeSeries(entity) {
      return {
        entityRef: stringifyEntityRef(entity),
        window: summaryFixture().window,
        ...timeSeriesFixture(),
      };
    },
    async getEntityItems(entity, request, window) {
      itemRequests.push({ owner: entity, request, window });
      return itemsFixture(request);
    },
    async getSquadItems(group, request, window) {
      itemRequests.push({ owner: group, request, window });
      return itemsFixture(request);
    },
    async getEntityPostmortems(entity) {
      return {
        entityRef: stringifyEntityRef(entity),
        window: summaryFixture().window,
        postmortems: postmortemsFixture(),
      };
    },
    async getSquadSummary() {
      return squadFixture();
    },
    async getSquadTrends(group) {
      return {
        groupRef: `group:${group.namespace}/${group.name}`,
        months: trendsFixture(),
      };
    },
    async getOrgTrends() {
      return {
        months: trendsFixture(),
        departments: [
          {
            groupRef: 'group:default/commerce',
            title: 'Commerce',
            months: trendsFixture().map(point => ({
              ...point,
              openBugsAtMonthEnd: point.openBugsAtMonthEnd - 5,
            })),
          },
        ],
      };
    },
    async getOrgInitiatives() {
      return { initiatives: initiativesFixture() };
    },
    async getSquadInitiatives(group) {
      const ref = `group:${group.namespace}/${group.name}`;
      return {
        initiatives: initiativesFixture().map(initiative => ({
          ...initiative,
          pointsOf: ref,
        })),
      };
    },
    async getSquadTimeSeries(group) {
      return {
        groupRef: `group:${group.namespace}/${group.name}`,
        window: summaryFixture().window,
        ...timeSeriesFixture(),
      };
    },
    async getEntityScorecard(entity) {
      return scorecardFixture(stringifyEntityRef(entity), 'entity');
    },
    async getSquadScorecard(group) {
      return scorecardFixture(
        `group:${group.namespace}/${group.name}`,
        'squad',
      );
    },
    async getOrgOverview() {
      return orgFixture();
    },
    async getOrgTimeSeries() {
      return { window: summaryFixture().window, ...timeSeriesFixture() };
    },
    async getSquadLearning() {
      return learningFixture();
    },
    async linkPostmortem(entity, link) {
      writes.push({
        call: 'linkPostmortem',
        target: stringifyEntityRef(entity),
        body: link,
      });
      return { assessed: false };
    },
    async updateAction(actionId, change) {
      writes.push({ call: 'updateAction', target: actionId, body: change });
    },
    async recordFollowUpReview(postmortemId, review) {
      writes.push({
        call: 'recordFollowUpReview',
        target: postmortemId,
        body: review,
      });
    },
  };
  return { api, calls, itemRequests, writes };
}

/** A QualityApi double for the squad tab: answers getSquadSummary in turn. */
export function fakeSquadApi(...answers: Array<SquadQualitySummary | Error>) {
  const { api, writes } = fakeQualityApi(summaryFixture());
  const calls: Array<{ group: unknown; options: unknown }> = [];
  api.getSquadSummary = async (group, options) => {
    calls.push({ group, options });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { api, calls, writes };
}
