import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { qualityApiRef } from '../api';
import {
  configuredComponent,
  fakeQualityApi,
  squadGroup,
  summaryFixture,
  withCatalogRoutes,
} from '../__fixtures__';
import {
  entityQualityCard,
  entityQualityContent,
  groupQualityContent,
} from './entityContent';

/** A loaded 2-core machine renders the app slowly: wait longer than the default second. */
const LOADED = { timeout: 15_000 };

describe('entityQualityContent (new frontend system)', () => {
  it('renders the Quality tab with data from the quality API', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    const tester = createExtensionTester(entityQualityContent, {
      apis: [
        [qualityApiRef, api],
        [catalogApiRef, catalogApiMock()],
      ],
    });

    renderInTestApp(
      <EntityProvider entity={configuredComponent}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [
          [qualityApiRef, api],
          [catalogApiRef, catalogApiMock()],
        ],
        ...withCatalogRoutes,
      },
    );

    expect(
      await screen.findByTestId('mttr-critical-median', {}, LOADED),
    ).toHaveTextContent('2 h 5 min');
  });

  it('mounts at /quality with the title Quality, on components only', () => {
    const tester = createExtensionTester(entityQualityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/quality');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Quality');
    const shownOn = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(shownOn!(configuredComponent)).toBe(true);
    expect(shownOn!(squadGroup)).toBe(false);
  });

  it('lets the app move the tab through config', () => {
    const tester = createExtensionTester(entityQualityContent, {
      config: { path: '/health', title: 'Health' },
    });
    expect(tester.get(coreExtensionData.routePath)).toBe('/health');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Health');
  });

  it('adds a Quality tab to Group pages for the squad view', () => {
    const tester = createExtensionTester(groupQualityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/quality');
    const shownOn = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(shownOn!(squadGroup)).toBe(true);
    expect(shownOn!(configuredComponent)).toBe(false);
  });

  it("puts the scorecard card on components' overview, rendering the summary", async () => {
    const { api } = fakeQualityApi(summaryFixture());
    const tester = createExtensionTester(entityQualityCard);
    const shownOn = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(shownOn!(configuredComponent)).toBe(true);
    expect(shownOn!(squadGroup)).toBe(false);

    renderInTestApp(
      <EntityProvider entity={configuredComponent}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [
          [qualityApiRef, api],
          [catalogApiRef, catalogApiMock()],
        ],
        ...withCatalogRoutes,
      },
    );
    expect(
      await screen.findByTestId('card-open-bugs', {}, LOADED),
    ).toHaveTextContent('7 (P0 2 · P2 5)');
  });
});
