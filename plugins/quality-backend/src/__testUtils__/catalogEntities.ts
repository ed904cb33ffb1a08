// Test helper: catalog entities as the quality backend reads them.
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { QualityAccess } from '../service/access';

export function testComponent(
  name: string,
  options: { owner?: string; annotations?: Record<string, string> } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations: options.annotations },
    spec: {
      type: 'service',
      owner: options.owner ?? 'group:default/payments-squad',
      lifecycle: 'production',
    },
  };
}

export function testGroup(
  name: string,
  options: {
    type?: string;
    parent?: string;
    annotations?: Record<string, string>;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', annotations: options.annotations },
    spec: {
      type: options.type ?? 'team',
      parent: options.parent,
      children: [],
    },
  };
}

/** A squad of two services under one organisation: the hand-computed golden cases' catalog. */
export const PAYMENTS = 'component:default/payments-api';
export const LEDGER = 'component:default/ledger';
export const paymentsSquadCatalog = (): Entity[] => [
  testGroup('acme', { type: 'organization' }),
  testGroup('payments-squad', { parent: 'acme' }),
  testComponent('payments-api', { owner: 'payments-squad' }),
  testComponent('ledger', { owner: 'payments-squad' }),
];

/** The access layer over a catalog mock and a permission mock that decides `result` for everything. */
export function testAccess(
  catalog: CatalogService,
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
): QualityAccess {
  return new QualityAccess({
    catalog,
    permissions: mockServices.permissions({ result }),
    httpAuth: mockServices.httpAuth(),
  });
}
