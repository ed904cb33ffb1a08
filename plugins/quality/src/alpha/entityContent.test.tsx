import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { qualityApiRef } from '../api';
import {
  configuredComponent,
  fakeQualityApi,
  summaryFixture,
} from '../__fixtures__/entities';
import { entityQualityContent, groupQualityContent } from './entityContent';
import { qualityOverviewPage } from './overviewPage';

describe('entityQualityContent (new frontend system)', () => {
  it('renders the Quality tab with data from the quality API', async () => {
    const { api } = fakeQualityApi(summaryFixture());
    const tester = createExtensionTester(entityQualityContent, {
      apis: [[qualityApiRef, api]],
    });

    renderInTestApp(
      <EntityProvider entity={configuredComponent}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[qualityApiRef, api]] },
    );

    expect(await screen.findByTestId('mttr-critical-median')).toHaveTextContent(
      '2 h 5 min',
    );
  });

  it('mounts at /quality with the title Quality, on components only', () => {
    const tester = createExtensionTester(entityQualityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/quality');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Quality');
    expect(tester.get(EntityContentBlueprint.dataRefs.filterExpression)).toBe(
      'kind:component',
    );
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
    expect(tester.get(EntityContentBlueprint.dataRefs.filterExpression)).toBe(
      'kind:group',
    );
  });

  it('adds the overview page at /quality with a sidebar title', () => {
    const tester = createExtensionTester(qualityOverviewPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/quality');
    expect(tester.get(coreExtensionData.title)).toBe('Quality');
  });
});
