import {
  getJson,
  VendorCaller,
  VendorHttpError,
  vendorUrl,
} from '@quality-pulse/plugin-quality-node';
import { z } from 'zod';

/**
 * ClickUp's REST API v2, the part the module reads. There is no maintained
 * ClickUp client on the registry, so this is a small typed one: every
 * response is validated, and a task that does not match is reported by the
 * provider rather than crashing the page.
 */

/** A task as "Get Tasks" and "Get Task" document it; only what the module reads is required. */
export const taskSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  status: z.object({ status: z.string(), type: z.string() }),
  date_created: z.string().regex(/^\d+$/, 'epoch milliseconds'),
  date_updated: z.string().regex(/^\d+$/, 'epoch milliseconds'),
  date_closed: z.string().nullish(),
  date_done: z.string().nullish(),
  tags: z.array(z.object({ name: z.string() })),
  priority: z.object({ priority: z.string() }).nullish(),
  list: z.object({ id: z.string() }).optional(),
});

export type ClickUpTask = z.infer<typeof taskSchema>;

/** Pages are checked loosely (tasks stay unknown) so one malformed task does not lose its page. */
const tasksPageSchema = z.object({
  tasks: z.array(z.unknown()),
  last_page: z.boolean().optional(),
});

export class ClickUpClient {
  constructor(
    private readonly options: {
      baseUrl: string;
      token: string;
      call: VendorCaller;
    },
  ) {}

  private get<T>(
    what: string,
    path: string,
    params: Record<string, string>,
    schema: z.ZodType<T>,
  ) {
    return getJson(
      this.options.call,
      what,
      vendorUrl(this.options.baseUrl, path, params),
      { authorization: this.options.token },
      schema,
    );
  }

  /** One page (100 tasks) of a list, oldest created first, closed ones and subtasks included. */
  async tasks(listId: string, page: number, updatedSince?: Date) {
    const result = await this.get(
      `ClickUp tasks of list ${listId}`,
      `/api/v2/list/${encodeURIComponent(listId)}/task`,
      {
        page: String(page),
        order_by: 'created',
        reverse: 'true',
        include_closed: 'true',
        subtasks: 'true',
        archived: 'false',
        ...(updatedSince
          ? { date_updated_gt: String(updatedSince.getTime()) }
          : {}),
      },
      tasksPageSchema,
    );
    return {
      tasks: result.tasks,
      lastPage: result.last_page ?? result.tasks.length === 0,
    };
  }

  /** A single task, or undefined when ClickUp no longer has it. */
  async task(taskId: string): Promise<ClickUpTask | undefined> {
    try {
      return await this.get(
        `ClickUp task ${taskId}`,
        `/api/v2/task/${encodeURIComponent(taskId)}`,
        {},
        taskSchema,
      );
    } catch (error) {
      if (error instanceof VendorHttpError && error.status === 404)
        return undefined;
      throw error;
    }
  }
}
