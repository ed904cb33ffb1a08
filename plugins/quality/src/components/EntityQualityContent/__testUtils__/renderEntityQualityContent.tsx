import { catalogApiRef, EntityProvider } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { Entity } from '@backstage/catalog-model';
import { QualityApi, qualityApiRef } from '../../../api';
import { withCatalogRoutes } from '../../../__fixtures__';
import { EntityQualityContent } from '../EntityQualityContent';

/** The template quality-backend ships, as the catalog lists it once registered. */
export const rootCauseTemplate: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'root-cause-document', namespace: 'default' },
  spec: {},
};

export function render(
  entity: Entity,
  api: QualityApi,
  catalogEntities: Entity[] = [rootCauseTemplate],
  catalogApi = catalogApiMock({ entities: catalogEntities }),
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [qualityApiRef, api],
        [catalogApiRef, catalogApi],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityQualityContent />
      </EntityProvider>
    </TestApiProvider>,
    withCatalogRoutes,
  );
}

/**
 * Fails the test file when React warns of invalid nesting (a block inside a
 * <p>, which a fresh app's console showed). React warns once per process, so
 * the whole file is watched.
 */
export function watchDomNesting() {
  const nesting: string[] = [];
  beforeAll(() => {
    const consoleError = jest.spyOn(console, 'error');
    const report = consoleError.getMockImplementation();
    consoleError.mockImplementation((...args) => {
      if (String(args[0]).includes('validateDOMNesting')) {
        nesting.push(String(args[0]));
      }
      report?.(...args);
    });
  });
  afterAll(() => {
    jest.restoreAllMocks();
    if (nesting.length > 0) {
      throw new Error(`Invalid DOM nesting:\n${nesting.join('\n')}`);
    }
  });
}
