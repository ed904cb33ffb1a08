import { createExtensionTester } from '@backstage/frontend-test-utils';
import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import { QualityClient } from '../api';
import { qualityApi } from './apis';

describe('qualityApi (new frontend system)', () => {
  it('provides the quality client, calling the quality backend through fetch', async () => {
    const tester = createExtensionTester(qualityApi);
    const factory = tester.get(ApiBlueprint.dataRefs.factory);
    const requested: string[] = [];
    const client = factory.factory({
      discoveryApi: {
        getBaseUrl: async (pluginId: string) =>
          `http://backend.example/api/${pluginId}`,
      },
      fetchApi: {
        fetch: async (input: RequestInfo | URL) => {
          requested.push(String(input));
          return new Response(JSON.stringify({ entityRef: 'x' }), {
            headers: { 'content-type': 'application/json' },
          });
        },
      },
    }) as QualityClient;
    expect(client).toBeInstanceOf(QualityClient);
    await client.getEntitySummary(
      { kind: 'component', namespace: 'default', name: 'payments-api' },
      { windowDays: 30 },
    );
    expect(requested).toEqual([
      'http://backend.example/api/quality/v1/entities/component/default/payments-api/summary?windowDays=30',
    ]);
  });
});
