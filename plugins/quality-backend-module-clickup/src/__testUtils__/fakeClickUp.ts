import { startFakeVendor } from '@quality-pulse/plugin-quality-node/testUtils';

/**
 * ClickUp's REST API v2 on 127.0.0.1, checked against ClickUp's published
 * reference: "Get Tasks" (`page`, `order_by`, `reverse`, `include_closed`,
 * `include_timl`, `date_updated_gt`, `last_page`, 100 a page; tags as
 * names), "Get Task" (tags as objects), personal keys and OAuth `Bearer`
 * tokens, rate-limit headers (`X-RateLimit-Reset` in epoch seconds) and
 * errors shaped `{ err, ECODE }`.
 */

export interface FakeTask {
  id: string;
  list: string;
  name?: string;
  created: number;
  updated: number;
  closed: number | null;
  statusType: 'open' | 'custom' | 'closed' | 'done';
  priority: 'urgent' | 'high' | 'normal' | 'low' | null;
  tags: string[];
  /** Other lists the task was added to (ClickUp's tasks in multiple lists). */
  alsoIn?: string[];
}

export class FakeClickUpWorkspace {
  readonly tasks = new Map<string, FakeTask>();
  private clock: number;
  private counter = 0;

  constructor(start: string) {
    this.clock = Date.parse(start);
  }

  at(iso: string): this {
    this.clock = Date.parse(iso);
    return this;
  }

  create(
    list: string,
    options: Partial<Pick<FakeTask, 'priority' | 'tags' | 'name'>> = {},
  ): FakeTask {
    this.counter += 1;
    const task: FakeTask = {
      id: `86b${this.counter.toString(36).padStart(4, '0')}`,
      list,
      name: options.name ?? `Bug ${this.counter}`,
      created: this.clock,
      updated: this.clock,
      closed: null,
      statusType: 'open',
      priority: options.priority === undefined ? 'normal' : options.priority,
      tags: options.tags ?? ['bug'],
    };
    this.tasks.set(task.id, task);
    return task;
  }

  close(id: string): this {
    Object.assign(this.tasks.get(id)!, {
      statusType: 'closed',
      closed: this.clock,
      updated: this.clock,
    });
    return this;
  }

  reopen(id: string): this {
    Object.assign(this.tasks.get(id)!, {
      statusType: 'open',
      closed: null,
      updated: this.clock,
    });
    return this;
  }
}

const STATUS_NAMES = {
  open: 'to do',
  custom: 'in progress',
  closed: 'complete',
  done: 'done',
};
const PRIORITY_IDS = { urgent: '1', high: '2', normal: '3', low: '4' };

export function taskPayload(task: FakeTask) {
  return {
    id: task.id,
    custom_id: null,
    custom_item_id: 0,
    name: task.name,
    text_content: '',
    description: '',
    status: {
      id: `sc_${task.statusType}`,
      status: STATUS_NAMES[task.statusType],
      color: '#d3d3d3',
      orderindex: 0,
      type: task.statusType,
    },
    orderindex: '1.00000000000000000000000000000000',
    date_created: String(task.created),
    date_updated: String(task.updated),
    date_closed: task.closed === null ? null : String(task.closed),
    date_done: task.closed === null ? null : String(task.closed),
    archived: false,
    creator: {
      id: 183,
      username: 'quality',
      color: '#827718',
      email: 'quality@acme.example',
      profilePicture: null,
    },
    assignees: [],
    group_assignees: [],
    watchers: [],
    checklists: [],
    tags: task.tags.map(name => ({
      name,
      tag_fg: '#800000',
      tag_bg: '#800000',
      creator: 183,
    })),
    parent: null,
    top_level_parent: null,
    priority: task.priority
      ? {
          color: '#f50000',
          id: PRIORITY_IDS[task.priority],
          orderindex: PRIORITY_IDS[task.priority],
          priority: task.priority,
        }
      : null,
    due_date: null,
    start_date: null,
    points: null,
    time_estimate: null,
    custom_fields: [],
    dependencies: [],
    linked_tasks: [],
    locations: (task.alsoIn ?? []).map(id => ({ id, name: 'Shared' })),
    team_id: '9012345678',
    url: `https://app.clickup.com/t/${task.id}`,
    sharing: { public: false },
    permission_level: 'create',
    list: { id: task.list, name: 'Bugs', access: true },
    project: { id: '90110', name: 'hidden', hidden: true, access: true },
    folder: { id: '90110', name: 'hidden', hidden: true, access: true },
    space: { id: '90150' },
  };
}

export async function startFakeClickUp(
  workspace: FakeClickUpWorkspace,
  options: {
    pageSize?: number;
    beforePage?: () => void;
    rawOverrides?: Record<string, object>;
  } = {},
) {
  const pageSize = options.pageSize ?? 100;
  const payload = (task: FakeTask) => ({
    ...taskPayload(task),
    ...options.rawOverrides?.[task.id],
  });
  // "Get Tasks" documents tags as their names.
  const listed = (task: FakeTask) => ({ ...payload(task), tags: task.tags });
  const offContract = (tasks: FakeTask[]) =>
    tasks.some(t => options.rawOverrides?.[t.id] !== undefined);
  return startFakeVendor(
    request => {
      const rateHeaders = {
        'x-ratelimit-limit': '100',
        'x-ratelimit-remaining': '99',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60),
      };
      if (
        !['pk_quality_test', 'Bearer oauth_quality_test'].includes(
          String(request.headers.authorization),
        )
      ) {
        return {
          status: 401,
          headers: rateHeaders,
          body: { err: 'Token invalid', ECODE: 'OAUTH_025' },
        };
      }
      const list = /^\/api\/v2\/list\/([^/]+)\/task$/.exec(request.path);
      if (list) {
        options.beforePage?.();
        const page = Number(request.query.get('page') ?? 0);
        const updatedGt = request.query.get('date_updated_gt');
        const all = [...workspace.tasks.values()]
          .filter(
            t =>
              t.list === list[1] ||
              (request.query.get('include_timl') === 'true' &&
                (t.alsoIn ?? []).includes(list[1])),
          )
          .filter(t => !updatedGt || t.updated > Number(updatedGt))
          .sort((a, b) =>
            request.query.get('reverse') === 'true'
              ? a.created - b.created
              : b.created - a.created,
          );
        const tasks = all.slice(page * pageSize, (page + 1) * pageSize);
        return {
          headers: rateHeaders,
          offContract: offContract(tasks),
          body: {
            tasks: tasks.map(listed),
            last_page: (page + 1) * pageSize >= all.length,
          },
        };
      }
      const single = /^\/api\/v2\/task\/([^/]+)$/.exec(request.path);
      if (single) {
        const task = workspace.tasks.get(single[1]);
        return task
          ? {
              headers: rateHeaders,
              offContract: offContract([task]),
              body: payload(task),
            }
          : {
              status: 404,
              headers: rateHeaders,
              body: { err: 'Task not found, deleted', ECODE: 'ITEM_013' },
            };
      }
      return {
        status: 404,
        body: { err: 'Route not found', ECODE: 'APP_001' },
      };
    },
    { contract: 'clickup/clickup-api-v2-reference.json' },
  );
}
