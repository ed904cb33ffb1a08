import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import qualityPlugin from '@quality-pulse/plugin-quality-backend';
import { isQualityConfigured } from '@quality-pulse/plugin-quality-common';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { qualityModuleDemo } from './module';

jest.setTimeout(60_000);

/** The example catalog the demo portal ships, read from the repository. */
function exampleCatalog(): Entity[] {
  const file = path.resolve(__dirname, '../../../examples/entities.yaml');
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map(
    doc => doc.toJSON() as Entity,
  );
}

const components = exampleCatalog().filter(e => e.kind === 'Component');

async function startDemoBackend(demoConfig: JsonObject) {
  return startTestBackend({
    features: [
      qualityPlugin,
      qualityModuleDemo,
      catalogServiceMock.factory({ entities: components }),
      mockServices.rootConfig.factory({
        data: { quality: { providers: { demo: demoConfig } } },
      }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
    ],
  });
}

async function summary(server: any, name: string) {
  const response = await request(server)
    .get(`/api/quality/v1/entities/component/default/${name}/summary`)
    .set('authorization', mockCredentials.user.header());
  expect(response.status).toBe(200);
  return response.body;
}

describe('demo provider module', () => {
  it('fills every annotated component of the example catalog and leaves the others empty', async () => {
    expect(components.length).toBeGreaterThanOrEqual(12);
    const annotated = components.filter(isQualityConfigured);
    const bare = components.filter(e => !isQualityConfigured(e));
    expect(bare.length).toBeGreaterThan(0);

    const backend = await startDemoBackend({
      enabled: true,
      anchorDate: '2026-11-24T00:00:00Z',
    });
    for (const entity of annotated) {
      const body = await summary(backend.server, entity.metadata.name);
      expect(body.hasData).toBe(true);
      expect(body.sources).toEqual([
        expect.objectContaining({
          providerId: 'demo',
          lastSucceededAt: expect.any(String),
        }),
      ]);
    }
    for (const entity of bare) {
      expect(
        (await summary(backend.server, entity.metadata.name)).hasData,
      ).toBe(false);
    }
    await backend.stop();
  });

  it('writes the same data on every start', async () => {
    const config = { enabled: true, anchorDate: '2026-11-24T00:00:00Z' };
    const first = await startDemoBackend(config);
    const before = await summary(first.server, 'payments-api');
    await first.stop();
    const second = await startDemoBackend(config);
    const after = await summary(second.server, 'payments-api');
    await second.stop();
    expect(after.mttr).toEqual(before.mttr);
    expect(after.openBugs).toEqual(before.openBugs);
    expect(before.mttr.overall.count).toBeGreaterThan(0);
  });

  it('registers nothing when disabled, as in production config', async () => {
    const backend = await startDemoBackend({ enabled: false });
    const response = await request(backend.server)
      .get('/api/quality/v1/sync-status')
      .set('authorization', mockCredentials.user.header());
    // Only the backend's built-in reader of root-cause documents remains.
    expect(response.body.providers.map((p: { id: string }) => p.id)).toEqual([
      'postmortem-docs',
    ]);
    expect((await summary(backend.server, 'payments-api')).hasData).toBe(false);
    await backend.stop();
  });
});
