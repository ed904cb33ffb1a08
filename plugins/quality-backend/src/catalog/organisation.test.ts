import { Entity } from '@backstage/catalog-model';
import { Organisation } from './organisation';

const group = (
  name: string,
  parent?: string,
  namespace = 'default',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace },
  spec: { type: parent ? 'team' : 'organization', parent, children: [] },
});
const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { owner, type: 'service', lifecycle: 'production' },
});

describe('Organisation', () => {
  const org = Organisation.fromEntities(
    [
      group('acme'),
      group('commerce', 'acme'),
      group('payments-squad', 'commerce'),
      group('checkout-squad', 'group:default/commerce'),
      group('lost', 'hidden-parent'),
    ],
    [
      component('payments-api', 'payments-squad'),
      component('ledger', 'group:default/payments-squad'),
      component('checkout-web', 'checkout-squad'),
      component('portal', 'commerce'),
      component('by-a-person', 'user:default/someone'),
    ],
  );

  it('rolls ownership up the spec.parent tree', () => {
    expect(org.entitiesOf('group:default/payments-squad')).toEqual([
      'component:default/ledger',
      'component:default/payments-api',
    ]);
    expect(org.entitiesOf('group:default/acme')).toEqual([
      'component:default/checkout-web',
      'component:default/ledger',
      'component:default/payments-api',
      'component:default/portal',
    ]);
    expect(org.get('group:default/commerce')?.childRefs).toEqual([
      'group:default/checkout-squad',
      'group:default/payments-squad',
    ]);
  });

  it('treats a group whose parent is not visible as a root', () => {
    expect(org.roots().map(g => g.ref)).toEqual([
      'group:default/acme',
      'group:default/lost',
    ]);
  });

  it('survives a cycle in spec.parent', () => {
    const cyclic = Organisation.fromEntities(
      [group('a', 'b'), group('b', 'a')],
      [component('x', 'a')],
    );
    expect(cyclic.entitiesOf('group:default/a')).toEqual([
      'component:default/x',
    ]);
  });
});
