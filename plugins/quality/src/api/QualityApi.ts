import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  EntityQualitySummary,
  EntityQualityTimeSeries,
  OrgQualityOverview,
  OrgQualityTimeSeries,
  SquadQualitySummary,
  SquadQualityTimeSeries,
} from '@quality-pulse/plugin-quality-common';

/**
 * The window of a request: the last `windowDays` days, or the calendar days
 * `from`…`to` (YYYY-MM-DD, inclusive) in `timeZone` (default UTC).
 *
 * @public
 */
export type QualityWindow =
  | { windowDays?: number }
  | { from: string; to: string; timeZone?: string };

/** Reads quality data from the quality backend. @public */
export interface QualityApi {
  getEntitySummary(
    entity: CompoundEntityRef,
    window?: QualityWindow,
  ): Promise<EntityQualitySummary>;
  getEntityTimeSeries(
    entity: CompoundEntityRef,
    window?: QualityWindow,
  ): Promise<EntityQualityTimeSeries>;
  /** A Group's rollup: everything it and its child groups own, with its quality budget. */
  getSquadSummary(
    group: Omit<CompoundEntityRef, 'kind'>,
    window?: QualityWindow,
  ): Promise<SquadQualitySummary>;
  getSquadTimeSeries(
    group: Omit<CompoundEntityRef, 'kind'>,
    window?: QualityWindow,
  ): Promise<SquadQualityTimeSeries>;
  getOrgOverview(window?: QualityWindow): Promise<OrgQualityOverview>;
  getOrgTimeSeries(window?: QualityWindow): Promise<OrgQualityTimeSeries>;
}

/** @public */
export const qualityApiRef = createApiRef<QualityApi>({
  id: 'plugin.quality.api',
});
