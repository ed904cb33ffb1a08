import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { QualityScorecard } from '@quality-pulse/plugin-quality-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { qualityApiRef } from '../../api';

/** Whose scorecard: a catalog entity, or a squad (Group). */
export type ScorecardScope =
  | { kind: 'entity'; entity: CompoundEntityRef }
  | { kind: 'group'; group: Omit<CompoundEntityRef, 'kind'> };

export function useScorecard(scope: ScorecardScope) {
  const api = useApi(qualityApiRef);
  const key =
    scope.kind === 'entity'
      ? `${scope.entity.kind}:${scope.entity.namespace}/${scope.entity.name}`
      : `group:${scope.group.namespace}/${scope.group.name}`;
  return useAsyncRetry(
    (): Promise<QualityScorecard> =>
      scope.kind === 'entity'
        ? api.getEntityScorecard(scope.entity)
        : api.getSquadScorecard(scope.group),
    [api, key],
  );
}

/** The title of a level id, or "No level" for null. */
export function levelTitle(card: QualityScorecard, id: string | null): string {
  if (id === null) return 'No level';
  return card.levels.find(level => level.id === id)?.title ?? id;
}

/** Checks that hold the next level back, then warnings: what a reader should act on. */
export function checksToActOn(card: QualityScorecard) {
  const all = card.levels.flatMap(level => level.checks);
  return [
    ...all.filter(c => c.status === 'fail'),
    ...all.filter(c => c.status === 'unknown'),
    ...all.filter(c => c.status === 'warn'),
  ];
}
