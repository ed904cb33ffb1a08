// Module tests run the provider through the real sync engine and store.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { startFakeVendor } from '@quality-pulse/plugin-quality-backend/testUtils';

/**
 * Rootly's REST API v1 on 127.0.0.1: JSON:API documents (`data`, `meta`,
 * `links`), `page[number]`/`page[size]`, `filter[updated_at][gte]`,
 * `sort=created_at`, and errors as `{ errors: [{ title, status }] }`.
 */

export interface FakeRootlyIncident {
  id: string;
  number: number;
  title: string;
  kind?: string;
  status: string;
  severity: string;
  services: string[];
  created: string;
  updated: string;
  started?: string;
  acknowledged?: string;
  resolved?: string;
  raw?: Record<string, unknown>;
}

export interface FakeRootlyPostmortem {
  id: string;
  incidentId: string;
  title: string;
  status: 'draft' | 'published';
  url: string;
  updated: string;
  published?: string;
}

export class FakeRootlyAccount {
  readonly incidents: FakeRootlyIncident[] = [];
  readonly postmortems: FakeRootlyPostmortem[] = [];
}

function incidentDocument(i: FakeRootlyIncident) {
  return {
    id: i.id,
    type: 'incidents',
    attributes: {
      title: i.title,
      sequential_id: i.number,
      slug: i.title.toLowerCase().replace(/\W+/g, '-'),
      url: `https://rootly.com/account/incidents/${i.number}`,
      kind: i.kind ?? 'normal',
      status: i.status,
      severity: {
        data: {
          id: `sev-${i.severity}`,
          type: 'severities',
          attributes: {
            name: i.severity,
            slug: i.severity.toLowerCase(),
            severity:
              { SEV0: 'critical', SEV1: 'high', SEV2: 'medium', SEV3: 'low' }[
                i.severity
              ] ?? 'low',
          },
        },
      },
      services: {
        data: i.services.map(id => ({
          id,
          type: 'services',
          attributes: { name: `Service ${id}`, slug: `service-${id}` },
        })),
      },
      created_at: i.created,
      updated_at: i.updated,
      started_at: i.started ?? i.created,
      detected_at: i.started ?? i.created,
      acknowledged_at: i.acknowledged ?? null,
      mitigated_at: i.resolved ?? null,
      resolved_at: i.resolved ?? null,
      cancelled_at: null,
      ...i.raw,
    },
  };
}

function paged<T>(
  items: T[],
  query: URLSearchParams,
  map: (item: T) => unknown,
  path: string,
) {
  const size = Number(query.get('page[size]') ?? 20);
  const page = Number(query.get('page[number]') ?? 1);
  const total = Math.max(1, Math.ceil(items.length / size));
  return {
    body: {
      data: items.slice((page - 1) * size, page * size).map(map),
      links: {
        self: `${path}?page[number]=${page}`,
        next: page < total ? `${path}?page[number]=${page + 1}` : null,
      },
      meta: {
        current_page: page,
        next_page: page < total ? page + 1 : null,
        prev_page: page > 1 ? page - 1 : null,
        total_count: items.length,
        total_pages: total,
      },
    },
  };
}

export async function startFakeRootly(
  account: FakeRootlyAccount,
  options: { pageSize?: number; beforePage?: () => void } = {},
) {
  return startFakeVendor(request => {
    if (request.headers.authorization !== 'Bearer rootly_quality_test') {
      return {
        status: 401,
        body: { errors: [{ title: 'Unauthorized', status: '401' }] },
      };
    }
    const query = new URLSearchParams(request.query);
    if (options.pageSize) query.set('page[size]', String(options.pageSize));
    const since = query.get('filter[updated_at][gte]');
    const recent = <T extends { updated: string }>(items: T[]) =>
      items.filter(
        item => !since || Date.parse(item.updated) >= Date.parse(since),
      );
    if (request.path === '/v1/incidents') {
      options.beforePage?.();
      const items = recent(account.incidents).sort(
        (a, b) => Date.parse(a.created) - Date.parse(b.created),
      );
      return paged(items, query, incidentDocument, request.path);
    }
    const one = /^\/v1\/incidents\/([^/]+)$/.exec(request.path);
    if (one) {
      const incident = account.incidents.find(i => i.id === one[1]);
      return incident
        ? { body: { data: incidentDocument(incident) } }
        : {
            status: 404,
            body: { errors: [{ title: 'Not found', status: '404' }] },
          };
    }
    if (request.path === '/v1/post_mortems') {
      return paged(
        recent(account.postmortems),
        query,
        p => ({
          id: p.id,
          type: 'post_mortems',
          attributes: {
            title: p.title,
            status: p.status,
            url: p.url,
            incident_id: p.incidentId,
            published_at: p.published ?? null,
            updated_at: p.updated,
          },
        }),
        request.path,
      );
    }
    return {
      status: 404,
      body: { errors: [{ title: 'Not found', status: '404' }] },
    };
  });
}
