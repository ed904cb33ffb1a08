import { testComponent, testGroup } from '../__testUtils__/catalogEntities';
import { Organisation } from './organisation';

describe('Organisation', () => {
  const org = Organisation.fromEntities(
    [
      testGroup('acme', { type: 'organization' }),
      testGroup('commerce', { parent: 'acme' }),
      testGroup('payments-squad', { parent: 'commerce' }),
      testGroup('checkout-squad', { parent: 'group:default/commerce' }),
      testGroup('lost', { parent: 'hidden-parent' }),
    ],
    [
      testComponent('payments-api', { owner: 'payments-squad' }),
      testComponent('ledger', { owner: 'group:default/payments-squad' }),
      testComponent('checkout-web', { owner: 'checkout-squad' }),
      testComponent('portal', { owner: 'commerce' }),
      testComponent('by-a-person', { owner: 'user:default/someone' }),
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

  it('keeps only the components a filter accepts, the tree unchanged', () => {
    const labs = testComponent('labs-api', { owner: 'payments-squad' });
    labs.spec = { ...labs.spec, lifecycle: 'Experimental' };
    labs.metadata.tags = ['PCI'];
    const withLabs = Organisation.fromEntities(
      [...org.groups.values()].map(g =>
        testGroup(g.name, { type: g.type, parent: g.parentRef }),
      ),
      [
        testComponent('payments-api', { owner: 'payments-squad' }),
        testComponent('checkout-web', { owner: 'checkout-squad' }),
        labs,
      ],
    );
    const production = withLabs.onlyComponents(
      c => c.lifecycle === 'production',
    );
    expect(production.entitiesOf('group:default/commerce')).toEqual([
      'component:default/checkout-web',
      'component:default/payments-api',
    ]);
    expect(
      withLabs
        .onlyComponents(c => c.tags.includes('pci'))
        .entitiesOf('group:default/acme'),
    ).toEqual(['component:default/labs-api']);
    expect([...production.groups.keys()]).toEqual([...withLabs.groups.keys()]);
    // The cache that keeps views bounded by size counts what components hold,
    // beyond each group's list of the refs it owns.
    const groupsOnly = Organisation.fromEntities(
      [...org.groups.values()].map(g =>
        testGroup(g.name, { type: g.type, parent: g.parentRef }),
      ),
      [],
    );
    const refs = withLabs.entitiesOf('group:default/acme');
    const ownedLists = refs.reduce((n, ref) => n + (ref.length + 16) * 2, 0);
    const componentRefs = refs.reduce((n, ref) => n + ref.length * 4, 0);
    expect(
      withLabs.approximateBytes() - groupsOnly.approximateBytes(),
    ).toBeGreaterThanOrEqual(ownedLists + componentRefs);
  });

  it('treats a group whose parent is not visible as a root', () => {
    expect(org.roots().map(g => g.ref)).toEqual([
      'group:default/acme',
      'group:default/lost',
    ]);
  });

  it('survives a cycle in spec.parent', () => {
    const cyclic = Organisation.fromEntities(
      [testGroup('a', { parent: 'b' }), testGroup('b', { parent: 'a' })],
      [testComponent('x', { owner: 'a' })],
    );
    expect(cyclic.entitiesOf('group:default/a')).toEqual([
      'component:default/x',
    ]);
  });

  it('shows groups in a spec.parent cycle under the organisation, once, with a warning', () => {
    const cyclic = Organisation.fromEntities(
      [
        testGroup('acme', { type: 'organization' }),
        testGroup('platform', { parent: 'acme' }),
        testGroup('b-squad', { parent: 'c-squad' }),
        testGroup('c-squad', { parent: 'b-squad' }),
        testGroup('d-squad', { parent: 'c-squad' }),
      ],
      [
        testComponent('x', { owner: 'b-squad' }),
        testComponent('y', { owner: 'c-squad' }),
        testComponent('z', { owner: 'd-squad' }),
      ],
    );
    // The cycle is cut above b-squad (first by name), which moves under acme.
    expect(cyclic.roots().map(g => g.ref)).toEqual(['group:default/acme']);
    expect(cyclic.get('group:default/acme')?.childRefs).toEqual([
      'group:default/b-squad',
      'group:default/platform',
    ]);
    expect(cyclic.get('group:default/b-squad')?.warning).toBe(
      'spec.parent forms a cycle (b-squad → c-squad → b-squad); shown under acme until the catalog is fixed',
    );
    expect(cyclic.get('group:default/c-squad')?.childRefs).toEqual([
      'group:default/d-squad',
    ]);
    expect(cyclic.entitiesOf('group:default/acme')).toEqual([
      'component:default/x',
      'component:default/y',
      'component:default/z',
    ]);
  });
});
