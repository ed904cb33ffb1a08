import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  entitiesByAnnotation,
  entitiesOfInstance,
  MappedPage,
  skipOf,
  SkippedItem,
  NormalisedBug,
  parseVendorItem,
  ConfiguredQualitySource,
  QualitySourceRun,
  QualitySourceScope,
  TrackerClassification,
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

/** A list to read, and the other lists the catalog maps (a task is read with its home list). */
interface ClickUpList {
  listId: string;
  entityRef: string;
  mappedLists: Set<string>;
}

/**
 * Reads the bugs (tasks tagged as bugs) of every ClickUp list the catalog
 * names with `clickup.com/list-id`, one scope per list. Pages are by creation,
 * a stable order, so an update while paging moves nothing.
 */
export class ClickUpQualityProvider extends ConfiguredQualitySource<
  ClickUpClient,
  ClickUpList
> {
  readonly reads = ['bugs'] as const;

  constructor(private readonly options: ClickUpQualityProviderOptions) {
    super(options, { order: 'stable' });
  }

  client({ call }: QualitySourceRun) {
    return new ClickUpClient({
      baseUrl: this.options.baseUrl,
      token: this.options.token,
      call,
    });
  }

  scopes(entities: Entity[]): QualitySourceScope<ClickUpList>[] {
    const lists = entitiesByAnnotation(
      entitiesOfInstance(entities, {
        annotation: CLICKUP_INSTANCE_ANNOTATION,
        instance: this.options.instance,
        isDefault: this.options.isDefaultInstance,
      }),
      CLICKUP_LIST_ID_ANNOTATION,
    );
    const mappedLists = new Set(lists.keys());
    return [...lists].map(([listId, listEntities]) => ({
      name: `list ${listId}`,
      entityRefs: listEntities.map(entity => stringifyEntityRef(entity)),
      // A list is one team's: entities sharing it are told apart by nothing ClickUp has, so the first takes it.
      target: {
        listId,
        entityRef: stringifyEntityRef(listEntities[0]),
        mappedLists,
      },
    }));
  }

  async fetchPage(
    client: ClickUpClient,
    { listId }: ClickUpList,
    since: Date,
    pageToken: string | undefined,
  ) {
    const page = Number(pageToken ?? 0);
    const { tasks, lastPage } = await client.tasks(listId, page, since);
    return {
      items: tasks,
      nextPageToken: lastPage ? undefined : String(page + 1),
    };
  }

  updatedAt(task: unknown) {
    return new Date(Number((task as ClickUpTask).date_updated) || 0);
  }

  async map(
    _client: ClickUpClient,
    { target }: QualitySourceScope<ClickUpList>,
    rawTasks: unknown[],
  ): Promise<MappedPage> {
    const { mapping } = this.options;
    const page = {
      bugs: [] as NormalisedBug[],
      gone: { bugs: [] as string[] },
    };
    const skipped: SkippedItem[] = [];
    for (const raw of rawTasks) {
      const parsed = parseVendorItem(taskSchema, raw);
      if (!parsed.ok) {
        skipped.push(skipOf('bugs', parsed.id, parsed.reason));
        continue;
      }
      // A task in several lists is read with its home list when that one is mapped too.
      const home = parsed.data.list?.id;
      if (home && home !== target.listId && target.mappedLists.has(home))
        continue;
      if (isBugTask(parsed.data, mapping)) {
        page.bugs.push(
          taskToBug(parsed.data, { entityRef: target.entityRef, mapping }),
        );
      } else {
        page.gone.bugs.push(parsed.data.id); // the bug tag removed
      }
    }
    return { ...page, skipped };
  }

  readonly reconcile = {
    kind: 'bugs' as const,
    listAllIds: async (client: ClickUpClient, { listId }: ClickUpList) => {
      const ids: string[] = [];
      for (let page = 0; ; page++) {
        const { tasks, lastPage } = await client.tasks(listId, page);
        for (const raw of tasks) {
          const parsed = taskSchema.safeParse(raw);
          if (parsed.success && isBugTask(parsed.data, this.options.mapping))
            ids.push(parsed.data.id);
        }
        if (lastPage) return ids;
      }
    },
    stillPresent: async (
      client: ClickUpClient,
      { listId }: ClickUpList,
      candidates: string[],
    ) => {
      const present: string[] = [];
      for (const id of candidates) {
        const task = await client.task(id);
        if (
          task &&
          isInList(task, listId) &&
          isBugTask(task, this.options.mapping)
        )
          present.push(id);
      }
      return present;
    },
  };
}
