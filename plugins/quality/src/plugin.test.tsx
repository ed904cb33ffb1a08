import { EntityProvider } from '@backstage/plugin-catalog-react';
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
} from './__fixtures__/entities';
import {
  EntityQualityContent,
  GroupQualityContent,
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
      <TestApiProvider apis={[[qualityApiRef, api]]}>
        <EntityProvider entity={configuredComponent}>
          <EntityQualityContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('mttr-critical-median')).toHaveTextContent(
      '2 h 5 min',
    );
  });

  it('renders GroupQualityContent on a group page', async () => {
    const { api } = fakeSquadApi(squadFixture());
    await renderInTestApp(
      <TestApiProvider apis={[[qualityApiRef, api]]}>
        <EntityProvider entity={squadGroup}>
          <GroupQualityContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('budget-breached')).toBeInTheDocument();
  });

  it('exposes QualityOverviewPage as a routable page of the plugin', () => {
    // Rendering needs an app's route table; the page itself is tested in OrgOverviewPage.test.tsx.
    expect(qualityPlugin.routes).toEqual({ overview: qualityOverviewRouteRef });
    expect(typeof QualityOverviewPage).toBe('function');
  });
});
