/*
 * The backend the scale benchmark measures: Backstage's own backend with the
 * catalog (serving the generated org) and the quality plugin (serving the
 * generated data), real HTTP, real auth (a static token) and no providers.
 * Started with `--config bench-data/app-config.<database>.yaml` (bench/benchBackend.ts);
 * with BENCH_INGEST set it also writes the data (bench/ingestModule.ts).
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('../src'));
if (process.env.BENCH_INGEST) {
  backend.add(import('./ingestModule'));
}
backend.start();
