/*
 * What the initiatives cost at scale (issue 23), on the data of
 * `npm run bench:generate`: the report of one initiative over the whole org
 * (5,000 services, 500 groups: each group's baseline and value, the org's
 * points), for each metric, as the overview page's request and the
 * scorecard schedule's tracker compute it. No HTTP, no cache.
 *
 *   npm run bench:initiatives
 *   BENCH_DATABASES=postgres npm run bench:initiatives
 */
import { ConfigReader } from '@backstage/config';
import { Organisation } from '../src/catalog/organisation';
import { readInitiatives } from '../src/initiatives/definitions';
import { initiativeReport } from '../src/initiatives/initiativeReport';
import { INITIATIVE_METRICS } from '../src/metrics/initiativeFigures';
import { QualityMetrics } from '../src/metrics/QualityMetrics';
import { DEFAULT_CEILINGS } from '../src/metrics/qualityBudget';
import { benchDatabases, openBenchDatabase } from './benchDatabase';
import { benchSize } from './generate';
import { scaleCatalog, SCALE_NOW } from './scaleOrg';
import { machineLine } from './syntheticOrg';

async function main() {
  const size = benchSize();
  const { groups, components } = scaleCatalog(size);
  const org = Organisation.fromEntities(groups, components);
  const [root] = org.roots();
  const definitions = readInitiatives(
    new ConfigReader({
      quality: {
        initiatives: Object.keys(INITIATIVE_METRICS).map(metric => ({
          id: metric,
          title: metric,
          why: 'Benchmark',
          metric,
          sponsor: root.ref,
          start: 'today-150d',
          deadline: 'today+30d',
          target: '-50%',
        })),
      },
    }),
    SCALE_NOW,
  );
  console.log(`Initiatives at scale — ${new Date().toISOString()}`);
  console.log(machineLine());
  console.log(`${JSON.stringify(size)}; ${org.groups.size} groups in scope`);
  for (const database of benchDatabases()) {
    const db = openBenchDatabase(database);
    try {
      const options = {
        metrics: new QualityMetrics(db),
        org,
        now: SCALE_NOW,
        defaultCeilings: DEFAULT_CEILINGS,
      };
      for (const definition of definitions) {
        const started = process.hrtime.bigint();
        const report = await initiativeReport(definition, options);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        console.log(
          `${database.padEnd(8)} ${definition.metric.padEnd(24)} ${ms
            .toFixed(0)
            .padStart(
              6,
            )} ms  (org now: ${report?.scope.progress.current.value?.toFixed(
            3,
          )}, ${report?.points.length} points)`,
        );
      }
    } finally {
      await db.destroy();
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
