import {
  VendorCaller,
  VendorHttpError,
  VendorJsonApi,
} from '@quality-pulse/plugin-quality-node';
import { z } from 'zod';

/**
 * ClickUp's REST API v2, the part the module reads. There is no maintained
 * ClickUp client on the registry, so this is a small typed one: every
 * response is validated, and a task that does not match is reported by the
 * provider rather than crashing the page.
 */

/** A task as "Get Tasks" and "Get Task" document it; only what the module reads is required. */
export const taskSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  status: z.object({ status: z.string(), type: z.string() }),
  date_created: z.string().regex(/^\d+$/, 'epoch milliseconds'),
  date_updated: z.string().regex(/^\d+$/, 'epoch milliseconds'),
  date_closed: z.string().nullish(),
  date_done: z.string().nullish(),
  /** Names in "Get Tasks" (as its reference gives them), objects in "Get Task": both read. */
  tags: z.array(z.union([z.string(), z.looseObject({ name: z.string() })])),
  priority: z.looseObject({ priority: z.string() }).nullish(),
  /** The task's home list; `locations` are the other lists it was added to. */
  list: z.looseObject({ id: z.string() }).optional(),
  locations: z.array(z.looseObject({ id: z.string() })).nullish(),
});

export type ClickUpTask = z.infer<typeof taskSchema>;

/** Pages are checked loosely (tasks stay unknown) so one malformed task does not lose its page. */
const tasksPageSchema = z.looseObject({
  tasks: z.array(z.unknown()),
  last_page: z.boolean().optional(),
});

/**
 * A personal API key (`pk_…`) is sent as it is; an OAuth access token as
 * `Bearer <token>`, as the reference's security scheme says.
 */
export function authorizationOf(token: string): string {
  if (token.startsWith('pk_') || /^bearer /i.test(token)) return token;
  return `Bearer ${token}`;
}

export class ClickUpClient {
  private readonly api: VendorJsonApi;

  constructor(options: { baseUrl: string; token: string; call: VendorCaller }) {
    this.api = new VendorJsonApi(options, {
      authorization: authorizationOf(options.token),
    });
  }

  /** One page (100 tasks) of a list, oldest created first, closed ones and subtasks included. */
  async tasks(listId: string, page: number, updatedSince?: Date) {
    const result = await this.api.get(
      `ClickUp tasks of list ${listId}`,
      `/api/v2/list/${encodeURIComponent(listId)}/task`,
      {
        page: String(page),
        order_by: 'created',
        reverse: 'true',
        include_closed: 'true',
        // Tasks added to this list from another: left out unless asked for.
        include_timl: 'true',
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
    return VendorHttpError.unlessGone(
      this.api.get(
        `ClickUp task ${taskId}`,
        `/api/v2/task/${encodeURIComponent(taskId)}`,
        {},
        taskSchema,
      ),
    );
  }
}
