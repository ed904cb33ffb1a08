import { startFakeVendor } from '@quality-pulse/plugin-quality-node/testUtils';

/**
 * Rootly's REST API v1 on 127.0.0.1, checked against Rootly's published
 * description: JSON:API documents (`data`, `included`, `meta`, `links`),
 * cursor pages (`page[after]`, `meta.next_cursor`), `filter[updated_at][gte]`,
 * `sort=created_at`, `include=incident_post_mortem`, services as a list of
 * `service_response` documents, and errors as `{ errors: [{ title, status }] }`.
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

/** `incident_post_mortem`: no incident id, no publication time, `url` optional. */
export interface FakeRootlyPostmortem {
  id: string;
  incidentId: string;
  title: string;
  status: 'draft' | 'published';
  url?: string;
  content?: string;
  updated: string;
}

export class FakeRootlyAccount {
  readonly incidents: FakeRootlyIncident[] = [];
  readonly postmortems: FakeRootlyPostmortem[] = [];
}

function incidentDocument(
  i: FakeRootlyIncident,
  postmortem: FakeRootlyPostmortem | undefined,
) {
  return {
    id: i.id,
    type: 'incidents',
    ...(postmortem
      ? {
          relationships: {
            incident_post_mortem: {
              data: { id: postmortem.id, type: 'incident_post_mortems' },
            },
          },
        }
      : {}),
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
            created_at: '2026-01-05T09:00:00Z',
            updated_at: '2026-01-05T09:00:00Z',
            severity:
              { SEV0: 'critical', SEV1: 'high', SEV2: 'medium', SEV3: 'low' }[
                i.severity
              ] ?? 'low',
          },
        },
      },
      services: i.services.map(id => ({
        data: {
          id,
          type: 'services',
          attributes: {
            name: `Service ${id}`,
            slug: `service-${id}`,
            created_at: '2026-01-05T09:00:00Z',
            updated_at: '2026-01-05T09:00:00Z',
          },
        },
      })),
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

function postmortemDocument(p: FakeRootlyPostmortem) {
  return {
    id: p.id,
    type: 'incident_post_mortems',
    attributes: {
      title: p.title,
      status: p.status,
      ...(p.url ? { url: p.url } : {}),
      content: p.content ?? null,
      created_at: p.updated,
      updated_at: p.updated,
    },
  };
}

export async function startFakeRootly(
  account: FakeRootlyAccount,
  options: { pageSize?: number; beforePage?: () => void } = {},
) {
  return startFakeVendor(
    request => {
      if (request.headers.authorization !== 'Bearer rootly_quality_test') {
        return {
          status: 401,
          body: { errors: [{ title: 'Unauthorized', status: '401' }] },
        };
      }
      if (request.path !== '/v1/incidents') {
        return {
          status: 404,
          body: { errors: [{ title: 'Not found', status: '404' }] },
        };
      }
      options.beforePage?.();
      const q = request.query;
      const since = q.get('filter[updated_at][gte]');
      const size = options.pageSize ?? Number(q.get('page[size]') ?? 20);
      const all = account.incidents
        .filter(i => !since || Date.parse(i.updated) >= Date.parse(since))
        .sort((a, b) => Date.parse(a.created) - Date.parse(b.created));
      // The cursor is the id of the last incident of the previous page.
      const after = q.get('page[after]');
      const start = after ? all.findIndex(i => i.id === after) + 1 : 0;
      const page = all.slice(start, start + size);
      const more = start + size < all.length;
      const postmortemOf = (i: FakeRootlyIncident) =>
        q.get('include')?.split(',').includes('incident_post_mortem')
          ? account.postmortems.find(p => p.incidentId === i.id)
          : undefined;
      const number = Math.floor(start / size) + 1;
      const pages = Math.max(1, Math.ceil(all.length / size));
      return {
        // A payload made malformed on purpose (`raw`) is off the description.
        offContract: page.some(i => i.raw !== undefined),
        headers: {
          'x-ratelimit-limit': '3000',
          'x-ratelimit-remaining': '2999',
          'x-ratelimit-used': '1',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60),
        },
        body: {
          data: page.map(i => incidentDocument(i, postmortemOf(i))),
          included: page
            .map(postmortemOf)
            .filter((p): p is FakeRootlyPostmortem => !!p)
            .map(postmortemDocument),
          links: {
            self: `${request.path}?page[number]=${number}`,
            first: `${request.path}?page[number]=1`,
            prev:
              number > 1 ? `${request.path}?page[number]=${number - 1}` : null,
            next: more ? `${request.path}?page[number]=${number + 1}` : null,
            last: `${request.path}?page[number]=${pages}`,
          },
          meta: {
            next_cursor: more ? page[page.length - 1].id : null,
            current_page: number,
            next_page: more ? number + 1 : null,
            prev_page: number > 1 ? number - 1 : null,
            total_count: all.length,
            total_pages: pages,
          },
        },
      };
    },
    { contract: 'rootly/swagger.json' },
  );
}
