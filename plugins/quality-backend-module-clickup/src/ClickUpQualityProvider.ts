import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConfiguredQualitySource,
  mapEachItem,
  MappedPage,
  NormalisedBug,
  QualitySourceRun,
  QualitySourceScope,
  QualitySourceSettings,
  scopesByAnnotation,
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

export interface ClickUpQualityProviderOptions extends QualitySourceSettings {
  instance: string;
  isDefaultInstance: boolean;
  baseUrl: string;
  token: string;
  mapping: TrackerClassification;
  reconcileHours: number;
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
    return new ClickUpClient({ ...this.options, call });
  }

  scopes(entities: Entity[]): QualitySourceScope<ClickUpList>[] {
    const mappedLists = new Set<string>();
    const scopes = scopesByAnnotation(
      entities,
      {
        annotation: CLICKUP_LIST_ID_ANNOTATION,
        instance: { annotation: CLICKUP_INSTANCE_ANNOTATION, ...this.options },
      },
      (listId, [first]) => {
        mappedLists.add(listId);
        return {
          name: `list ${listId}`,
          // A list is one team's: entities sharing it are told apart by nothing ClickUp has, so the first takes it.
          target: { listId, entityRef: stringifyEntityRef(first), mappedLists },
        };
      },
    );
    return scopes;
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
    const bugs: NormalisedBug[] = [];
    const gone: string[] = [];
    const skipped = await mapEachItem(
      rawTasks,
      { kind: 'bugs', schema: taskSchema, idOf: task => task.id },
      task => {
        // A task in several lists is read with its home list when that one is mapped too.
        const home = task.list?.id;
        if (home && home !== target.listId && target.mappedLists.has(home))
          return;
        if (isBugTask(task, mapping)) {
          bugs.push(taskToBug(task, { entityRef: target.entityRef, mapping }));
        } else {
          gone.push(task.id); // the bug tag removed
        }
      },
    );
    return { bugs, gone: { bugs: gone }, skipped };
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
