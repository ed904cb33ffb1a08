import {
  coreServices,
  createServiceFactory,
  SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { cacheServiceFactory } from '@backstage/backend-defaults/cache';
import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { qualityPlugin } from './plugin';
import { providerModule } from './__testUtils__/qualityTestBackend';
import {
  RecordingNotifications,
  scenarioEntities,
  seedScenario,
} from './__testUtils__/scorecardScenario';

jest.setTimeout(180_000);

/*
 * Production runs several backend replicas on one PostgreSQL and one Redis.
 * Two real backends here, each with Backstage's own scheduler, cache service
 * (Redis on 127.0.0.1:6379, started by scripts/redis.sh) and database client.
 */

const EVERY = { seconds: 2 };
const FAST = {
  frequency: EVERY,
  timeout: { seconds: 60 },
  initialDelay: { seconds: 0 },
};
const RUN_FOR_MS = 14_000;

interface TaskRun {
  replica: string;
  task: string;
  start: number;
  end: number;
}

/** Backstage's scheduler, with each run of each task noted as it ends. */
function observedScheduler(replica: string, runs: TaskRun[]) {
  const observed =
    (task: string, fn: SchedulerServiceTaskFunction) =>
    async (signal: AbortSignal) => {
      const start = Date.now();
      try {
        await fn(signal);
      } finally {
        runs.push({ replica, task, start, end: Date.now() });
      }
    };
  return createServiceFactory({
    service: coreServices.scheduler,
    deps: {
      database: coreServices.database,
      logger: coreServices.logger,
      rootLifecycle: coreServices.rootLifecycle,
      httpRouter: coreServices.httpRouter,
      pluginMetadata: coreServices.pluginMetadata,
      metrics: metricsServiceRef,
    },
    async factory(deps) {
      const real = DefaultSchedulerService.create(deps);
      return {
        scheduleTask: task =>
          real.scheduleTask({
            ...task,
            fn: observed(task.id, task.fn as SchedulerServiceTaskFunction),
          }),
        createScheduledTaskRunner: schedule => {
          const runner = real.createScheduledTaskRunner(schedule);
          return {
            run: task =>
              runner.run({
                ...task,
                fn: observed(task.id, task.fn as SchedulerServiceTaskFunction),
              }),
          };
        },
        triggerTask: id => real.triggerTask(id),
        cancelTask: id => real.cancelTask(id),
        getScheduledTasks: () => real.getScheduledTasks(),
      };
    },
  });
}

function startReplica(
  replica: string,
  knex: Knex,
  runs: TaskRun[],
  notifications: RecordingNotifications,
) {
  return startTestBackend({
    features: [
      qualityPlugin,
      catalogServiceMock.factory({ entities: scenarioEntities }),
      mockServices.database.factory({ knex }),
      observedScheduler(replica, runs),
      cacheServiceFactory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => notifications as any,
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            cache: { store: 'redis', connection: 'redis://127.0.0.1:6379' },
          },
          quality: {
            scorecards: { schedule: FAST },
            pulse: { time: '00:00', weekdaysOnly: false, schedule: FAST },
            postmortems: { documents: { schedule: FAST } },
          },
        },
      }),
      // A data source whose sync writes a deployment each run.
      providerModule('ticker', {
        id: 'ticker',
        reads: ['deployments'],
        schedule: FAST,
        async sync({ sink }) {
          await sink.upsertDeployments([
            {
              externalId: `tick-${Date.now()}`,
              entityRef: 'component:default/checkout-web',
              deployedAt: new Date(),
              remediation: false,
            },
          ]);
        },
      }),
    ],
  });
}

const summaryOf = (server: any, entity: string) =>
  request(server)
    .get(`/api/quality/v1/entities/component/default/${entity}/summary`)
    .set('authorization', mockCredentials.user.header());

describe('two backend replicas on one PostgreSQL and one Redis', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

  it('run each scheduled task once per interval, share writes at once and notify once', async () => {
    const knex = await databases.init('POSTGRES_15');
    await seedScenario(knex, Date.now());
    // Each replica has its own connection pool to the same database.
    const other = knexFactory(knex.client.config);
    const runs: TaskRun[] = [];
    const notifications = new RecordingNotifications();
    const started = Date.now();
    const a = await startReplica('a', knex, runs, notifications);
    const b = await startReplica('b', other, runs, notifications);
    try {
      // A write through one replica is in the next answer of the other,
      // though that one had the answer cached.
      const before = await summaryOf(b.server, 'search-api').expect(200);
      await request(a.server)
        .post('/api/quality/v1/bugs')
        .set('authorization', mockCredentials.service.header())
        .send({
          items: [
            {
              externalId: 'PUSHED-1',
              title: 'Pushed through replica a',
              escaped: false,
              history: [
                {
                  at: new Date().toISOString(),
                  status: 'open',
                  severity: 'P2',
                  entityRef: 'component:default/search-api',
                },
              ],
            },
          ],
        })
        .expect(200);
      const after = await summaryOf(b.server, 'search-api').expect(200);
      expect(after.body.openBugs.total).toBe(before.body.openBugs.total + 1);

      await new Promise(resolve => setTimeout(resolve, RUN_FOR_MS));
    } finally {
      await a.stop();
      await b.stop();
      await other.destroy();
    }
    const elapsed = Date.now() - started;

    const tasks = [...new Set(runs.map(run => run.task))].sort();
    expect(tasks).toEqual(
      expect.arrayContaining([
        'quality-daily-pulse',
        'quality-scorecards',
        expect.stringContaining('ticker'),
        expect.stringContaining('postmortem-docs'),
      ]),
    );
    for (const task of tasks) {
      const ofTask = runs
        .filter(run => run.task === task)
        .sort((x, y) => x.start - y.start);
      // Ran repeatedly, never two at once, and not once per replica.
      expect(ofTask.length).toBeGreaterThanOrEqual(2);
      ofTask.slice(1).forEach((run, i) => {
        expect(run.start).toBeGreaterThanOrEqual(ofTask[i].end);
      });
      expect(ofTask.length).toBeLessThanOrEqual(Math.floor(elapsed / 2000) + 2);
    }
    // Every squad's pulse went out once, however many runs of the task.
    const sent = notifications.sent.map(n => JSON.stringify(n));
    expect(new Set(sent).size).toBe(sent.length);
    const pulses = notifications.sent
      .filter(n => n.payload.topic === 'Quality pulse')
      .map(n => n.recipients.entityRef)
      .sort();
    expect(pulses.length).toBeGreaterThan(0);
    expect(new Set(pulses).size).toBe(pulses.length);
    await knex.destroy();
  });
});
