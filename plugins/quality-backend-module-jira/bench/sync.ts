/*
 * Sync cost of the Jira module against a fake Jira Cloud on 127.0.0.1: a
 * backfill of N bugs (default 5,000, half of them with a changelog entry),
 * then an incremental sync after 1 % of them changed, on SQLite and
 * PostgreSQL (BENCH_DATABASES=sqlite|postgres|both; PostgreSQL at
 * 127.0.0.1:5432). Run with `npm run bench:sync`.
 */
import { ConfigReader } from '@backstage/config';
import knexFactory from 'knex';
import { createProviderHarness } from '@quality-pulse/plugin-quality-backend/testUtils';
import { FakeJiraProject } from '../src/__testUtils__/fakeJira';
import { startFakeJiraCloud } from '../src/__testUtils__/fakeJiraSites';
import { readJiraInstances } from '../src/config';
import { JiraQualityProvider } from '../src/JiraQualityProvider';

const N = Number(process.env.N ?? 5000);
async function run(client: 'sqlite' | 'pg') {
  const project = new FakeJiraProject('2026-01-01T00:00:00.000Z');
  for (let i = 1; i <= N; i++) {
    project
      .at(
        new Date(
          Date.parse('2026-01-01T00:00:00Z') +
            Math.floor((i * 300 * 86_400_000) / N),
        ).toISOString(),
      )
      .create(`PAY-${i}`, {
        priority: ['Highest', 'High', 'Medium', 'Low'][i % 4],
      });
    if (i % 2 === 0) project.transition(`PAY-${i}`, '10001');
  }
  const vendor = await startFakeJiraCloud(project, { pageCap: 100 });
  const logger = {
    info() {},
    warn() {},
    error() {},
    debug() {},
    child() {
      return logger;
    },
  } as any;
  const [instance] = readJiraInstances(
    new ConfigReader({
      quality: {
        providers: {
          jira: {
            cloud: {
              baseUrl: vendor.url,
              email: 'bot@acme.example',
              apiToken: 't',
              requestBudget: 100000,
            },
          },
        },
      },
    }),
    logger,
  );
  const provider = new JiraQualityProvider({
    ...instance,
    schedule: undefined,
    now: () => new Date('2026-12-01T00:00:00Z'),
  });
  let knex;
  if (client === 'sqlite')
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
  else {
    const admin = knexFactory({
      client: 'pg',
      connection: 'postgresql://postgres@127.0.0.1:5432/postgres',
    });
    await admin.raw('DROP DATABASE IF EXISTS quality_sync_bench');
    await admin.raw('CREATE DATABASE quality_sync_bench');
    await admin.destroy();
    knex = knexFactory({
      client: 'pg',
      connection: 'postgresql://postgres@127.0.0.1:5432/quality_sync_bench',
    });
  }
  const entities = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'payments-api',
        annotations: { 'jira/project-key': 'PAY' },
      },
      spec: {},
    },
  ];
  const harness = await createProviderHarness({
    knex,
    provider,
    entities: entities as any,
  });
  let t = Date.now();
  let r = vendor.requests.length;
  await harness.sync();
  const full = Date.now() - t;
  const fullReq = vendor.requests.length - r;
  const stored = (await knex('quality_bugs').count({ c: '*' }))[0].c;
  // 1 % changes
  project.at('2026-12-01T00:10:00.000Z');
  for (let i = 1; i <= N / 100; i++)
    project.transition(`PAY-${i * 100 - 1}`, '10001');
  t = Date.now();
  r = vendor.requests.length;
  await harness.sync();
  const inc = Date.now() - t;
  const closed = Number(
    (await knex('quality_bugs').where('status', 'closed').count({ c: '*' }))[0]
      .c,
  );
  if (closed !== N / 2 + N / 100) {
    throw new Error(`expected ${N / 2 + N / 100} closed bugs, found ${closed}`);
  }
  const incReq = vendor.requests.length - r;
  console.log(
    `${client}: ${N} bugs backfilled in ${full} ms (${Math.round(
      Number(stored) / (full / 1000),
    )} bugs/s, ${fullReq} requests, stored ${stored}); 1 % changed: ${inc} ms, ${incReq} requests (${(
      (inc / full) *
      100
    ).toFixed(1)} % of the backfill)`,
  );
  await vendor.close();
  await knex.destroy();
}
(async () => {
  const which = process.env.BENCH_DATABASES ?? 'both';
  if (which !== 'postgres') await run('sqlite');
  if (which !== 'sqlite') await run('pg');
})();
