import { identityApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { qualityApiRef } from '../../api';
import {
  fakeQualityApi,
  squadFixture,
  summaryFixture,
  withCatalogRoutes,
} from '../../__fixtures__';
import { MySquadsQuality } from './MySquadsQuality';

const guest = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'guest', namespace: 'default' },
  spec: { memberOf: ['payments-squad', 'checkout-squad'] },
  relations: [
    { type: 'memberOf', targetRef: 'group:default/payments-squad' },
    { type: 'memberOf', targetRef: 'group:default/checkout-squad' },
  ],
};

function identity(ownershipEntityRefs: string[]) {
  return {
    getBackstageIdentity: async () => ({
      type: 'user' as const,
      userEntityRef: 'user:default/guest',
      ownershipEntityRefs,
    }),
    getProfileInfo: async () => ({}),
    getCredentials: async () => ({}),
    signOut: async () => {},
  };
}

describe('MySquadsQuality', () => {
  it("lists the signed-in user's squads from the catalog with their budget and figures", async () => {
    const { api } = fakeQualityApi(summaryFixture());
    const asked: string[] = [];
    api.getSquadSummary = async group => {
      asked.push(group.name);
      if (group.name === 'checkout-squad') {
        throw new Error('backend down');
      }
      return squadFixture();
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [qualityApiRef, api],
          [identityApiRef, identity(['user:default/guest'])],
          [catalogApiRef, catalogApiMock({ entities: [guest] })],
        ]}
      >
        <MySquadsQuality />
      </TestApiProvider>,
      withCatalogRoutes,
    );
    const table = await screen.findByRole('table', {
      name: "My squads' quality",
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual([
      'checkout-squadCould not load this squad',
      `Payments squadBreached · bug-fix sprint${
        squadFixture().openBugs.total
      }15 % · 3 of 20 new bugs2 h 5 min`,
    ]);
    expect(
      within(rows[1]).getByRole('link', { name: 'Payments squad' }),
    ).toHaveAttribute('href', '/catalog/default/group/payments-squad/quality');
    expect(asked.sort()).toEqual(['checkout-squad', 'payments-squad']);
  });

  it('explains the empty card to someone in no group', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [qualityApiRef, api],
          [identityApiRef, identity(['user:default/guest'])],
          [catalogApiRef, catalogApiMock({ entities: [] })],
        ]}
      >
        <MySquadsQuality />
      </TestApiProvider>,
      withCatalogRoutes,
    );
    expect(
      await screen.findByText(/You are not a member of any group/),
    ).toBeInTheDocument();
  });
});
