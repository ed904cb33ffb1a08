// Module tests run the provider through the real sync engine and store.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { startFakeVendor } from '@quality-pulse/plugin-quality-backend/testUtils';

/**
 * FireHydrant's REST API v1 on 127.0.0.1: `GET /v1/incidents` with `page`,
 * `per_page` and `updated_after`, answering `{ data, pagination }`; retrospective
 * reports by incident; errors as `{ message }`.
 */

export interface FakeFhIncident {
  id: string;
  number: number;
  name: string;
  severity: string;
  milestone: string;
  services: string[];
  created: string;
  updated: string;
  milestones: Record<string, string>;
  retrospective?: string;
  raw?: Record<string, unknown>;
}

export async function startFakeFireHydrant(
  incidents: FakeFhIncident[],
  options: { perPage?: number; beforePage?: () => void } = {},
) {
  return startFakeVendor(request => {
    if (request.headers.authorization !== 'Bearer fhb-quality-test') {
      return {
        status: 401,
        body: { message: 'Unauthorized', code: 'unauthorized' },
      };
    }
    if (request.path === '/v1/incidents') {
      options.beforePage?.();
      const after = request.query.get('updated_after');
      const perPage =
        options.perPage ?? Number(request.query.get('per_page') ?? 20);
      const page = Number(request.query.get('page') ?? 1);
      const items = incidents
        .filter(i => !after || Date.parse(i.updated) > Date.parse(after))
        .sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
      const pages = Math.max(1, Math.ceil(items.length / perPage));
      return {
        body: {
          data: items.slice((page - 1) * perPage, page * perPage).map(i => ({
            id: i.id,
            name: i.name,
            number: i.number,
            severity: i.severity,
            current_milestone: i.milestone,
            created_at: i.created,
            started_at: i.milestones.started ?? i.created,
            incident_url: `https://app.firehydrant.io/incidents/${i.id}`,
            milestones: Object.entries(i.milestones).map(
              ([type, occurred_at]) => ({ type, occurred_at, duration: null }),
            ),
            services: i.services.map(name => ({
              id: `svc-${name}`,
              name,
              slug: name.toLowerCase().replace(/\s+/g, '-'),
            })),
            ...i.raw,
          })),
          pagination: {
            count: items.length,
            page,
            items: perPage,
            pages,
            last: pages,
            prev: page > 1 ? page - 1 : null,
            next: page < pages ? page + 1 : null,
          },
        },
      };
    }
    if (request.path === '/v1/post_mortems/reports') {
      const incident = incidents.find(
        i => i.id === request.query.get('incident_id'),
      );
      return {
        body: {
          data: incident?.retrospective
            ? [
                {
                  id: `rep-${incident.id}`,
                  name: incident.retrospective,
                  created_at:
                    incident.milestones.postmortem_completed ??
                    incident.updated,
                  incident: { id: incident.id },
                },
              ]
            : [],
          pagination: {
            count: 0,
            page: 1,
            items: 20,
            pages: 1,
            last: 1,
            prev: null,
            next: null,
          },
        },
      };
    }
    return { status: 404, body: { message: 'Not Found' } };
  });
}
