// Test helper: catalog entities as the quality backend reads them.
import { Entity } from '@backstage/catalog-model';

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
