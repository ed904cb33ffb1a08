import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { EntityQualitySummary } from '@quality-pulse/plugin-quality-common';

/** Reads quality data from the quality backend. @public */
export interface QualityApi {
  getEntitySummary(
    entity: CompoundEntityRef,
    options?: { windowDays?: number },
  ): Promise<EntityQualitySummary>;
}

/** @public */
export const qualityApiRef = createApiRef<QualityApi>({
  id: 'plugin.quality.api',
});
