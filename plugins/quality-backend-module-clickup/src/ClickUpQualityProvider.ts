import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  entitiesByAnnotation,
  entitiesOfInstance,
  NormalisedBug,
  QualityProvider,
  QualityProviderSyncContext,
  RequestBudget,
  runIncrementalSync,
  TrackerClassification,
  vendorCaller,
  parseVendorItem,
} from '@quality-pulse/plugin-quality-node';
import { ClickUpClient, ClickUpTask, taskSchema } from './ClickUpClient';
import { isBugTask, isInList, taskToBug } from './taskToBug';

/** @public */
export const CLICKUP_LIST_ID_ANNOTATION = 'clickup.com/list-id';
/**
 * With more than one ClickUp workspace token: the instance (config key) that holds the list.
 * @public
 */
export const CLICKUP_INSTANCE_ANNOTATION =
  'quality.backstage.io/clickup-instance';

export interface ClickUpQualityProviderOptions {
  id: string;
  instance: string;
  isDefaultInstance: boolean;
  baseUrl: string;
  token: string;
  mapping: TrackerClassification;
  backfillDays: number;
  reconcileHours: number;
  requestBudget: number;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  now?: () => Date;
}

/**
 * Reads the bugs (tasks tagged as bugs) of every ClickUp list the catalog
 * names with `clickup.com/list-id`, one scope per list. Pages are by creation,
 * a stable order, so an update while paging moves nothing.
 */
export class ClickUpQualityProvider implements QualityProvider {
  readonly id: string;
  readonly reads = ['bugs'] as const;
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;

  constructor(private readonly options: ClickUpQualityProviderOptions) {
    this.id = options.id;
    this.schedule = options.schedule;
  }

  async sync(context: QualityProviderSyncContext): Promise<void> {
    const lists = entitiesByAnnotation(
      entitiesOfInstance(context.entities, {
        annotation: CLICKUP_INSTANCE_ANNOTATION,
        instance: this.options.instance,
        isDefault: this.options.isDefaultInstance,
      }),
      CLICKUP_LIST_ID_ANNOTATION,
    );
    const client = new ClickUpClient({
      baseUrl: this.options.baseUrl,
      token: this.options.token,
      call: vendorCaller({
        budget: new RequestBudget(this.options.requestBudget),
        signal: context.signal,
        logger: context.logger,
      }),
    });
    const { mapping } = this.options;
    for (const [listId, entities] of lists) {
      if (context.signal.aborted) {
        return;
      }
      // A list is one team's: entities sharing it are told apart by nothing ClickUp has, so the first takes it.
      const entityRef = stringifyEntityRef(entities[0]);
      await context.runScope(
        `list ${listId}`,
        (cursor, scoped) =>
          runIncrementalSync<unknown>({
            cursor,
            checkpoint: scoped.checkpoint,
            order: 'stable',
            backfillHorizonDays: this.options.backfillDays,
            reconcileIntervalHours: this.options.reconcileHours,
            now: this.options.now,
            signal: context.signal,
            fetchPage: async (since, pageToken) => {
              const page = Number(pageToken ?? 0);
              const { tasks, lastPage } = await client.tasks(
                listId,
                page,
                since,
              );
              return {
                items: tasks,
                nextPageToken: lastPage ? undefined : String(page + 1),
              };
            },
            updatedAt: task =>
              new Date(Number((task as ClickUpTask).date_updated) || 0),
            storePage: async rawTasks => {
              const bugs: NormalisedBug[] = [];
              const notBugs: string[] = [];
              for (const raw of rawTasks) {
                const parsed = parseVendorItem(taskSchema, raw);
                if (!parsed.ok) {
                  scoped.skip('bugs', parsed.id, parsed.reason);
                  continue;
                }
                // A task in several lists is read with its home list when that one is mapped too.
                const home = parsed.data.list?.id;
                if (home && home !== listId && lists.has(home)) continue;
                if (isBugTask(parsed.data, mapping)) {
                  bugs.push(taskToBug(parsed.data, { entityRef, mapping }));
                } else {
                  notBugs.push(parsed.data.id); // the bug tag removed
                }
              }
              await scoped.sink.upsertBugs(bugs);
              await scoped.sink.deleteItems('bugs', notBugs);
            },
            listAllIds: async () => {
              const ids: string[] = [];
              for (let page = 0; ; page++) {
                const { tasks, lastPage } = await client.tasks(listId, page);
                for (const raw of tasks) {
                  const parsed = taskSchema.safeParse(raw);
                  if (parsed.success && isBugTask(parsed.data, mapping))
                    ids.push(parsed.data.id);
                }
                if (lastPage) return ids;
              }
            },
            removeMissing: ids =>
              scoped.sink.removeMissing('bugs', ids, {
                stillPresent: async candidates => {
                  const present: string[] = [];
                  for (const id of candidates) {
                    const task = await client.task(id);
                    if (
                      task &&
                      isInList(task, listId) &&
                      isBugTask(task, mapping)
                    )
                      present.push(id);
                  }
                  return present;
                },
              }),
          }),
        { entityRefs: entities.map(entity => stringifyEntityRef(entity)) },
      );
    }
  }
}
