import {
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { DailyPulse } from '../pulse/DailyPulse';
import { ScorecardEngine } from './ScorecardEngine';
import { InitiativeTracker } from '../initiatives/InitiativeTracker';

export const SCORECARD_TASK_ID = 'quality-scorecards';
export const PULSE_TASK_ID = 'quality-daily-pulse';

const DEFAULT_PULSE_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 10 },
  initialDelay: { minutes: 1 },
};

/** The schedule at `key` of app-config, or the default. */
function scheduleAt(
  config: Config,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
) {
  return config.has(key)
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(key),
      )
    : fallback;
}

const DEFAULT_SCORECARD_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { minutes: 1 },
};

/**
 * Schedules scorecard evaluation (every 30 minutes unless
 * `quality.scorecards.schedule` says otherwise; the initiatives are tracked
 * right after) and the daily pulse check
 * (every 5 minutes unless `quality.pulse.schedule` says otherwise; it sends
 * only once the configured local time has passed).
 * Both are global tasks: across instances, one runs at a time.
 */
export async function schedulePolicyTasks(options: {
  scheduler: SchedulerService;
  config: Config;
  logger: LoggerService;
  scorecards: ScorecardEngine;
  initiatives: InitiativeTracker;
  pulse: DailyPulse;
}): Promise<{ requestEvaluation: () => Promise<'scheduled' | 'running'> }> {
  const { scheduler, config, logger, scorecards, initiatives, pulse } = options;
  await scheduler.scheduleTask({
    id: SCORECARD_TASK_ID,
    ...scheduleAt(
      config,
      'quality.scorecards.schedule',
      DEFAULT_SCORECARD_SCHEDULE,
    ),
    fn: async () => {
      const summary = await scorecards.evaluateAll();
      logger.info(
        `Scorecards evaluated: ${summary.scopes} entities and squads, ${summary.checks} checks in ${summary.durationMs} ms; ` +
          `${summary.rowsWritten} changed, ${summary.levelChanges} level changes, ${summary.budgetNotifications} budget notifications`,
      );
      // Initiatives on the same schedule: their states and changes are stored for the pulse.
      const tracked = await initiatives.trackAll();
      if (tracked.changes > 0) {
        logger.info(
          `Initiatives: ${tracked.changes} state changes, ${tracked.notified} squads notified`,
        );
      }
    },
  });
  await scheduler.scheduleTask({
    id: PULSE_TASK_ID,
    ...scheduleAt(config, 'quality.pulse.schedule', DEFAULT_PULSE_SCHEDULE),
    fn: async () => {
      await pulse.run();
    },
  });
  return {
    requestEvaluation: async () => {
      try {
        await scheduler.triggerTask(SCORECARD_TASK_ID);
        return 'scheduled';
      } catch (error) {
        if ((error as Error).name === 'ConflictError') {
          return 'running';
        }
        throw error;
      }
    },
  };
}
