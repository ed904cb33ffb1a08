import { startFakeVendor } from '@quality-pulse/plugin-quality-node/testUtils';

/**
 * Opsgenie's Incident API v1 on 127.0.0.1, checked against Opsgenie's
 * published description (swagger.json): `GET /v1/incidents/` with `query`,
 * `offset`, `limit`, `sort`, `order`, answering `{ data, paging, took,
 * requestId }`, and `GET /v1/incidents/{id}`; errors as `{ message, took,
 * requestId }`. The query is understood as far as the module writes it —
 * `(tag:<name>) AND createdAt >= <ms>` or `(tag:<name>) AND status: open` —
 * and refused, as Opsgenie does, when it names a field incidents cannot be
 * searched by (`updatedAt`).
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

/** A query the module writes, as the fakes understand it; an error for what Opsgenie refuses. */
export function readQuery(query: string) {
  if (/\bupdatedAt\b/.test(query)) {
    return { error: 'updatedAt is not a searchable field' } as const;
  }
  return {
    tag: /tag:([\w-]+)/.exec(query)?.[1],
    createdFrom: Number(/createdAt >= (\d+)/.exec(query)?.[1] ?? 0),
    openOnly: /status: open/.test(query),
  } as const;
}

function incidentPayload(i: FakeOgIncident) {
  return {
    id: i.id,
    tinyId: i.tinyId,
    message: i.message,
    status: i.status,
    isSeen: true,
    tags: i.tags,
    createdAt: i.created,
    updatedAt: i.updated,
    source: 'Opsgenie',
    owner: '',
    priority: i.priority,
    ownerTeam: '',
    responders: [{ type: 'team', id: '8418d193-2dab-4490-b331-8c02cdd196b7' }],
    extraProperties: {},
    // Documented on Opsgenie's incident pages, not in the description.
    impactStartDate: i.impactStart ?? i.created,
    ...(i.impactEnd ? { impactEndDate: i.impactEnd } : {}),
    links: {
      web: `https://acme.app.opsgenie.com/incident/detail/${i.id}`,
      api: `https://api.opsgenie.com/v1/incidents/${i.id}`,
    },
    ...i.raw,
  };
}

export async function startFakeOpsgenie(
  incidents: FakeOgIncident[],
  options: { limit?: number } = {},
) {
  const meta = {
    took: 0.022,
    requestId: '9ae63dd7-ed00-4c81-86f0-c4ffd33142c9',
  };
  const rate = {
    'X-RateLimit-State': 'OK',
    'X-Request-ID': meta.requestId,
  };
  return startFakeVendor(
    request => {
      if (request.headers.authorization !== 'GenieKey og-quality-test') {
        return {
          status: 401,
          body: { message: 'Could not authenticate', ...meta },
        };
      }
      const one = /^\/v1\/incidents\/([^/]+)$/.exec(request.path);
      if (one) {
        const incident = incidents.find(i => i.id === one[1]);
        return incident
          ? {
              headers: rate,
              body: { data: incidentPayload(incident), ...meta },
            }
          : { status: 404, body: { message: 'Incident not found', ...meta } };
      }
      if (request.path !== '/v1/incidents/') {
        return { status: 404, body: { message: 'Not found', ...meta } };
      }
      const query = request.query.get('query') ?? '';
      const read = readQuery(query);
      if ('error' in read) {
        return { status: 422, body: { message: read.error, ...meta } };
      }
      const offset = Number(request.query.get('offset') ?? 0);
      const limit = Math.min(
        Number(request.query.get('limit') ?? 20),
        options.limit ?? 100,
      );
      const matches = incidents
        .filter(i => !read.tag || i.tags.includes(read.tag))
        .filter(i => Date.parse(i.created) >= read.createdFrom)
        .filter(i => !read.openOnly || i.status === 'open')
        .sort((a, b) => Date.parse(a.created) - Date.parse(b.created));
      const page = matches.slice(offset, offset + limit);
      const link = (o: number) =>
        `https://api.opsgenie.com/v1/incidents/?query=${encodeURIComponent(
          query,
        )}&offset=${o}&limit=${limit}&sort=createdAt&order=asc`;
      return {
        headers: rate,
        // A payload made malformed on purpose (`raw`) is off the description.
        offContract: page.some(i => i.raw !== undefined),
        body: {
          data: page.map(incidentPayload),
          paging: {
            ...(offset + limit < matches.length
              ? { next: link(offset + limit) }
              : {}),
            first: link(0),
            last: link(Math.max(0, matches.length - limit)),
          },
          ...meta,
        },
      };
    },
    { contract: 'opsgenie/swagger.json' },
  );
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
 * Jira Service Management operations on 127.0.0.1, from Atlassian's REST
 * reference (no description of it is published as a file we could check
 * against): `GET /jsm/ops/api/{cloudId}/v1/alerts` with Opsgenie's query
 * language, `offset`/`size` (offset + size under 20,000, else 400) and
 * `links.next`, `GET …/alerts/{id}`; Basic authentication.
 */
function alertPayload(a: FakeJsmAlert) {
  return {
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
  };
}

export async function startFakeJsmOps(
  cloudId: string,
  alerts: FakeJsmAlert[],
  options: { size?: number; offsetBound?: number } = {},
) {
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
    const base = `/jsm/ops/api/${cloudId}/v1/alerts`;
    const one = request.path.startsWith(`${base}/`)
      ? alerts.find(a => `${base}/${a.id}` === request.path)
      : undefined;
    if (request.path.startsWith(`${base}/`)) {
      return one
        ? { body: alertPayload(one) }
        : { status: 404, body: { code: 404, message: 'Alert not found' } };
    }
    if (request.path !== base) {
      return { status: 404, body: { code: 404, message: 'Not found' } };
    }
    const read = readQuery(request.query.get('query') ?? '');
    if ('error' in read) {
      return { status: 400, body: { code: 400, message: read.error } };
    }
    const offset = Number(request.query.get('offset') ?? 0);
    const asked = Number(request.query.get('size') ?? 20);
    const bound = options.offsetBound ?? 20_000;
    if (offset + asked >= bound) {
      return {
        status: 400,
        body: {
          code: 400,
          message: `offset + size must be less than ${bound}`,
        },
      };
    }
    const size = Math.min(asked, options.size ?? 100);
    const matches = alerts
      .filter(a => !read.tag || a.tags.includes(read.tag))
      .filter(a => Date.parse(a.created) >= read.createdFrom)
      .filter(a => !read.openOnly || a.status === 'open')
      .sort((a, b) => Date.parse(a.created) - Date.parse(b.created));
    return {
      body: {
        values: matches.slice(offset, offset + size).map(alertPayload),
        count: matches.length,
        links:
          offset + size < matches.length
            ? { next: `${request.path}?offset=${offset + size}&size=${size}` }
            : {},
      },
    };
  });
}
