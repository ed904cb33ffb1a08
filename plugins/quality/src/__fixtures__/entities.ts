import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';

export const configuredComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: {
      'pagerduty.com/service-id': 'PPAYAPI',
      'jira/project-key': 'PAY',
    },
  },
  spec: { type: 'service', owner: 'payments-squad', lifecycle: 'production' },
};

export const bareComponent: Entity = {
  ...configuredComponent,
  metadata: { name: 'design-system', namespace: 'default' },
};

export const squadGroup: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name: 'payments-squad',
    namespace: 'default',
    title: 'Payments squad',
  },
  spec: { type: 'team', children: [] },
};

/** renderInTestApp options of a catalog app: entity pages are mounted, so links to them resolve. */
export const withCatalogRoutes = {
  mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
};
