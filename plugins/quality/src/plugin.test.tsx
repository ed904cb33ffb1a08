import { identityApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import {
  bareComponent,
  configuredComponent,
  fakeQualityApi,
  fakeSquadApi,
  squadFixture,
  squadGroup,
  summaryFixture,
  withCatalogRoutes,
} from './__fixtures__';
import {
  EntityQualityCard,
  EntityQualityContent,
  GroupQualityContent,
  HomePageMySquadsQualityCard,
  QualityOverviewPage,
  qualityOverviewRouteRef,
  isQualityAvailable,
  qualityApiRef,
  qualityPlugin,
} from './index';

describe('legacy frontend exports', () => {
  it('exposes the plugin with its API factory', () => {
    expect(qualityPlugin.getId()).toBe('quality');
    expect([...qualityPlugin.getApis()].map(f => f.api.id)).toEqual([
      'plugin.quality.api',
    ]);
  });

  it('decides availability from the annotations', () => {
    expect(isQualityAvailable(configuredComponent)).toBe(true);
    expect(isQualityAvailable(bareComponent)).toBe(false);
  });

  it('renders EntityQualityContent inside an EntityLayout-style route', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [qualityApiRef, api],
          [catalogApiRef, catalogApiMock()],
        ]}
      >
        <EntityProvider entity={configuredComponent}>
          <EntityQualityContent />
        </EntityProvider>
      </TestApiProvider>,
      withCatalogRoutes,
    );
    expect(await screen.findByTestId('mttr-critical-median')).toHaveTextContent(
      '2 h 5 min',
    );
  });

  it('renders GroupQualityContent on a group page', async () => {
    const { api } = fakeSquadApi(squadFixture());
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [qualityApiRef, api],
          [catalogApiRef, catalogApiMock()],
        ]}
      >
        <EntityProvider entity={squadGroup}>
          <GroupQualityContent />
        </EntityProvider>
      </TestApiProvider>,
      withCatalogRoutes,
    );
    expect(await screen.findByTestId('budget-breached')).toBeInTheDocument();
  });

  it('renders EntityQualityCard on an overview tab', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [qualityApiRef, api],
          [catalogApiRef, catalogApiMock()],
        ]}
      >
        <EntityProvider entity={configuredComponent}>
          <EntityQualityCard />
        </EntityProvider>
      </TestApiProvider>,
      withCatalogRoutes,
    );
    expect(await screen.findByTestId('card-mttr')).toHaveTextContent(
      '2 h 5 min median',
    );
  });

  it('renders HomePageMySquadsQualityCard with its title on a home page', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [qualityApiRef, api],
          [
            identityApiRef,
            {
              getBackstageIdentity: async () => ({
                type: 'user' as const,
                userEntityRef: 'user:default/guest',
                ownershipEntityRefs: ['group:default/payments-squad'],
              }),
            },
          ],
          [catalogApiRef, catalogApiMock()],
        ]}
      >
        <HomePageMySquadsQualityCard />
      </TestApiProvider>,
      withCatalogRoutes,
    );
    expect(screen.getByText("My squads' quality")).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'Payments squad' }),
    ).toBeInTheDocument();
  });

  it('exposes QualityOverviewPage as a routable page of the plugin', () => {
    // Rendering needs an app's route table; the page itself is tested in OrgOverviewPage.test.tsx.
    expect(qualityPlugin.routes).toEqual({ overview: qualityOverviewRouteRef });
    expect(typeof QualityOverviewPage).toBe('function');
  });
});
