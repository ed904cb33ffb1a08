import { identityApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { qualityApiRef } from '../api';
import {
  fakeQualityApi,
  squadFixture,
  summaryFixture,
  withCatalogRoutes,
} from '../__fixtures__';
import { mySquadsQualityWidget } from './homeWidget';

/** A loaded 2-core machine renders the app slowly: wait longer than the default second. */
const LOADED = { timeout: 15_000 };

const member = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'guest', namespace: 'default' },
  spec: { memberOf: ['payments-squad'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/payments-squad' }],
};

const signedIn = {
  getBackstageIdentity: async () => ({
    type: 'user' as const,
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['user:default/guest'],
  }),
  getProfileInfo: async () => ({}),
  getCredentials: async () => ({}),
  signOut: async () => {},
};

describe('mySquadsQualityWidget (new frontend system)', () => {
  it("offers the home page a My squads' quality widget", () => {
    const tester = createExtensionTester(mySquadsQualityWidget);
    const widget = tester.get(HomePageWidgetBlueprint.dataRefs.widget);
    expect(widget.title).toBe("My squads' quality");
    expect(widget.name).toBe('MySquadsQuality');
  });

  it("renders the signed-in user's squads with their budget", async () => {
    const { api } = fakeQualityApi(summaryFixture());
    api.getSquadSummary = async () => squadFixture();
    const apis = [
      [qualityApiRef, api],
      [identityApiRef, signedIn],
      [catalogApiRef, catalogApiMock({ entities: [member] })],
    ] as const;
    const tester = createExtensionTester(mySquadsQualityWidget, {
      apis: [...apis],
    });
    renderInTestApp(
      tester.get(HomePageWidgetBlueprint.dataRefs.widget).component,
      { apis: [...apis], ...withCatalogRoutes },
    );
    expect(
      await screen.findByText(squadFixture().title, {}, LOADED),
    ).toBeInTheDocument();
  });
});
