/*
 * Loaded into the bench backend by `npm run bench:generate`: writes the
 * synthetic org's items through the store on the quality plugin's own
 * database client once the backend has started, then leaves a marker file
 * with the figures for the generator to read.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchDir, BenchDatabase } from './benchDatabase';
import { ingest } from './generate';
import { ScaleSize } from './scaleOrg';

export default createBackendModule({
  pluginId: 'quality',
  moduleId: 'bench-ingest',
  register(reg) {
    reg.registerInit({
      deps: {
        database: coreServices.database,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
      },
      async init({ database, lifecycle, logger }) {
        const target = process.env.BENCH_INGEST as BenchDatabase;
        const size: ScaleSize = JSON.parse(process.env.BENCH_INGEST_SIZE!);
        const marker = path.join(benchDir(), `ingested-${target}.json`);
        lifecycle.addStartupHook(() => {
          // In the background: the backend serves while it ingests.
          (async () => {
            const db = await database.getClient();
            const figures = await ingest(db, target, size, line =>
              logger.info(line),
            );
            writeFileSync(marker, JSON.stringify({ figures }));
          })().catch(error => {
            logger.error(`bench ingest failed: ${error}`);
            writeFileSync(marker, JSON.stringify({ error: String(error) }));
          });
        });
      },
    });
  },
});
