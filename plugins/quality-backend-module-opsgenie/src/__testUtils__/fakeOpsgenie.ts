// Module tests run the provider through the real sync engine and store.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { startFakeVendor } from '@quality-pulse/plugin-quality-backend/testUtils';

/**
 * Opsgenie's Incident API v1 on 127.0.0.1: `GET /v1/incidents` with `query`,
 * `offset`, `limit`, `sort`, `order`, answering `{ data, paging, took,
 * requestId }`; errors as `{ message, took, requestId }`. The query is
 * understood as far as the module writes it: `(tag:<name>) AND updatedAt >= <ms>`.
 */

export interface FakeOgIncident {
  id: string;
  tinyId: string;
  message: string;
  status: 'open' | 'resolved' | 'closed';
  priority: string;
  tags: string[];
  created: string;
  updated: string;
  impactStart?: string;
  impactEnd?: string;
  raw?: Record<string, unknown>;
}

export async function startFakeOpsgenie(
  incidents: FakeOgIncident[],
  options: { limit?: number } = {},
) {
  return startFakeVendor(request => {
    if (request.headers.authorization !== 'GenieKey og-quality-test') {
      return {
        status: 401,
        body: {
          message: 'Could not authenticate',
          took: 0.001,
          requestId: 'r-1',
        },
      };
    }
    if (request.path !== '/v1/incidents') {
      return {
        status: 404,
        body: { message: 'Not found', took: 0.001, requestId: 'r-2' },
      };
    }
    const query = request.query.get('query') ?? '';
    const tag = /tag:([\w-]+)/.exec(query)?.[1];
    const since = Number(/updatedAt >= (\d+)/.exec(query)?.[1] ?? 0);
    const offset = Number(request.query.get('offset') ?? 0);
    const limit = Math.min(
      Number(request.query.get('limit') ?? 20),
      options.limit ?? 100,
    );
    const matches = incidents
      .filter(i => !tag || i.tags.includes(tag))
      .filter(i => Date.parse(i.updated) >= since)
      .sort((a, b) => Date.parse(a.created) - Date.parse(b.created));
    const page = matches.slice(offset, offset + limit);
    const link = (o: number) =>
      `https://api.opsgenie.com/v1/incidents?query=${encodeURIComponent(
        query,
      )}&offset=${o}&limit=${limit}&sort=createdAt&order=asc`;
    return {
      body: {
        data: page.map(i => ({
          id: i.id,
          serviceId: 'service-id',
          tinyId: i.tinyId,
          message: i.message,
          status: i.status,
          tags: i.tags,
          createdAt: i.created,
          updatedAt: i.updated,
          priority: i.priority,
          ownerTeam: '',
          responders: [],
          extraProperties: {},
          impactedServices: [],
          impactStartDate: i.impactStart ?? i.created,
          ...(i.impactEnd ? { impactEndDate: i.impactEnd } : {}),
          links: {
            web: `https://acme.app.opsgenie.com/incident/detail/${i.id}`,
            api: `https://api.opsgenie.com/v1/incidents/${i.id}`,
          },
          ...i.raw,
        })),
        paging: {
          ...(offset + limit < matches.length
            ? { next: link(offset + limit) }
            : {}),
          first: link(0),
          last: link(Math.max(0, matches.length - limit)),
        },
        took: 0.022,
        requestId: 'r-3',
      },
    };
  });
}

export interface FakeJsmAlert {
  id: string;
  tinyId: string;
  message: string;
  status: 'open' | 'closed';
  priority: string;
  tags: string[];
  created: string;
  updated: string;
  ackAfterMs?: number;
  closeAfterMs?: number;
}

/**
 * Jira Service Management operations on 127.0.0.1:
 * `GET /jsm/ops/api/{cloudId}/v1/alerts` with Opsgenie's query language,
 * `offset`/`size` and `links.next`; Basic authentication.
 */
export async function startFakeJsmOps(cloudId: string, alerts: FakeJsmAlert[]) {
  const expected = `Basic ${Buffer.from('ops@acme.example:jsm-token').toString(
    'base64',
  )}`;
  return startFakeVendor(request => {
    if (request.headers.authorization !== expected) {
      return {
        status: 401,
        body: { code: 401, message: 'Unauthorized; scope does not match' },
      };
    }
    if (request.path !== `/jsm/ops/api/${cloudId}/v1/alerts`) {
      return { status: 404, body: { code: 404, message: 'Not found' } };
    }
    const query = request.query.get('query') ?? '';
    const tag = /tag:([\w-]+)/.exec(query)?.[1];
    const since = Number(/updatedAt >= (\d+)/.exec(query)?.[1] ?? 0);
    const offset = Number(request.query.get('offset') ?? 0);
    const size = Math.min(Number(request.query.get('size') ?? 20), 2);
    const matches = alerts
      .filter(a => !tag || a.tags.includes(tag))
      .filter(a => Date.parse(a.updated) >= since)
      .sort((a, b) => Date.parse(a.created) - Date.parse(b.created));
    return {
      body: {
        values: matches.slice(offset, offset + size).map(a => ({
          id: a.id,
          tinyId: a.tinyId,
          alias: a.id,
          message: a.message,
          status: a.status,
          acknowledged: a.ackAfterMs !== undefined,
          priority: a.priority,
          tags: a.tags,
          createdAt: a.created,
          updatedAt: a.updated,
          report: {
            ...(a.ackAfterMs !== undefined
              ? { ackTime: a.ackAfterMs, acknowledgedBy: 'someone' }
              : {}),
            ...(a.closeAfterMs !== undefined
              ? { closeTime: a.closeAfterMs, closedBy: 'someone' }
              : {}),
          },
        })),
        count: matches.length,
        links:
          offset + size < matches.length
            ? { next: `${request.path}?offset=${offset + size}&size=${size}` }
            : {},
      },
    };
  });
}
