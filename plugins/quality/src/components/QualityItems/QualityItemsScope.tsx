import { CompoundEntityRef } from '@backstage/catalog-model';
import { createContext, ReactNode, useContext } from 'react';
import { QualityApi, QualityItemsRequest } from '../../api';

/** Whose numbers a view shows: one service, or everything a squad owns. */
export type QualityItemsOwner =
  | { kind: 'entity'; entity: CompoundEntityRef }
  | { kind: 'group'; group: Omit<CompoundEntityRef, 'kind'> };

interface QualityItemsScope {
  owner: QualityItemsOwner;
  windowDays: number;
}

const ScopeContext = createContext<QualityItemsScope | undefined>(undefined);

/** Makes the numbers inside it open the items behind them. */
export function QualityItemsScopeProvider(props: {
  owner: QualityItemsOwner;
  windowDays: number;
  children: ReactNode;
}) {
  const { owner, windowDays, children } = props;
  return (
    <ScopeContext.Provider value={{ owner, windowDays }}>
      {children}
    </ScopeContext.Provider>
  );
}

export function useQualityItemsScope() {
  return useContext(ScopeContext);
}

export function fetchItems(
  api: QualityApi,
  scope: QualityItemsScope,
  request: QualityItemsRequest,
) {
  const window = { windowDays: scope.windowDays };
  return scope.owner.kind === 'entity'
    ? api.getEntityItems(scope.owner.entity, request, window)
    : api.getSquadItems(scope.owner.group, request, window);
}
