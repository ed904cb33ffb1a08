import { ConfigReader } from '@backstage/config';
import {
  configApiRef,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { qualityApiRef } from '../api';
import {
  fakeQualityApi,
  orgFixture,
  summaryFixture,
} from '../__fixtures__';
import { qualityOverviewPage } from './overviewPage';

/** A loaded 2-core machine renders the app slowly: wait longer than the default second. */
const LOADED = { timeout: 15_000 };

describe('qualityOverviewPage (new frontend system)', () => {
  it('adds the overview page at /quality with a sidebar title', () => {
    const tester = createExtensionTester(qualityOverviewPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/quality');
    expect(tester.get(coreExtensionData.title)).toBe('Quality');
  });

  it("renders the org's group tree from the quality API", async () => {
    const { api } = fakeQualityApi(summaryFixture());
    api.getOrgOverview = async () => orgFixture();
    const apis = [
      [qualityApiRef, api],
      [configApiRef, new ConfigReader({})],
      [catalogApiRef, catalogApiMock()],
    ] as const;
    const tester = createExtensionTester(qualityOverviewPage, {
      apis: [...apis],
    });
    renderInTestApp(tester.reactElement(), { apis: [...apis] });
    expect(
      await screen.findByTestId('org-row-checkout-squad', {}, LOADED),
    ).toBeInTheDocument();
  });
});
