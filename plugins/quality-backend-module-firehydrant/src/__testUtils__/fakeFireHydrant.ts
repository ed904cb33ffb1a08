import { startFakeVendor } from '@quality-pulse/plugin-quality-node/testUtils';

/**
 * FireHydrant's REST API v1 on 127.0.0.1, checked against FireHydrant's
 * published description (openapi.yaml): `GET /v1/incidents` with `page`,
 * `per_page` and `updated_after`, answering `{ data, pagination }` with
 * milestones in lifecycle phases; `GET /v1/incidents/{id}/retrospectives`;
 * errors as `{ message }`.
 */

export interface FakeFhIncident {
  id: string;
  number: number;
  name?: string;
  severity: string;
  /** The current milestone's slug; left out when undefined. */
  milestone?: string;
  services: string[];
  created: string;
  updated: string;
  /** When each milestone occurred, by slug. */
  milestones: Record<string, string>;
  /** Sends the deprecated `milestones` list instead of lifecycle phases. */
  deprecatedMilestones?: boolean;
  retrospective?: { name: string; fields: Record<string, string> };
  /** Where the retrospective was exported to. */
  exportedTo?: string;
  raw?: Record<string, unknown>;
}

/** FireHydrant's default lifecycle: phases and the milestones in each. */
const PHASES: Array<[string, string, string[]]> = [
  ['Started', 'started', ['started']],
  [
    'Active',
    'active',
    ['detected', 'acknowledged', 'investigating', 'identified', 'mitigated'],
  ],
  [
    'Post-Incident',
    'post_incident',
    ['resolved', 'retrospective_started', 'retrospective_completed'],
  ],
  ['Closed', 'closed', ['closed']],
];

function incidentPayload(i: FakeFhIncident) {
  let position = 0;
  const timing = i.deprecatedMilestones
    ? {
        milestones: Object.entries(i.milestones).map(([type, at]) => ({
          id: `ms-${type}`,
          type,
          occurred_at: at,
        })),
      }
    : {
        lifecycle_phases: PHASES.map(([name, type, slugs], k) => ({
          id: `phase-${type}`,
          name,
          type,
          position: k + 1,
          milestones: slugs.map(slug => ({
            id: `ms-${slug}`,
            name: slug,
            slug,
            position: (position += 1),
            ...(i.milestones[slug] ? { occurred_at: i.milestones[slug] } : {}),
          })),
        })),
      };
  return {
    id: i.id,
    number: i.number,
    ...(i.name !== undefined ? { name: i.name } : {}),
    severity: i.severity,
    ...(i.milestone !== undefined ? { current_milestone: i.milestone } : {}),
    created_at: i.created,
    started_at: i.milestones.started ?? i.created,
    incident_url: `https://app.firehydrant.io/incidents/${i.id}`,
    active: !['resolved', 'closed'].includes(i.milestone ?? ''),
    ...timing,
    services: i.services.map(name => ({ id: `svc-${name}`, name })),
    retro_exports: i.exportedTo
      ? [{ href_url: i.exportedTo, display_text: 'Confluence' }]
      : [],
    ...i.raw,
  };
}

function pagination(count: number, page: number, perPage: number) {
  const pages = Math.max(1, Math.ceil(count / perPage));
  return {
    count,
    page,
    items: perPage,
    pages,
    last: pages,
    prev: page > 1 ? page - 1 : null,
    next: page < pages ? page + 1 : null,
  };
}

export async function startFakeFireHydrant(
  incidents: FakeFhIncident[],
  options: { perPage?: number; beforePage?: () => void } = {},
) {
  return startFakeVendor(
    request => {
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
        const served = items.slice((page - 1) * perPage, page * perPage);
        return {
          // A payload made malformed on purpose (`raw`) is off the description.
          offContract: served.some(i => i.raw !== undefined),
          body: {
            data: served.map(incidentPayload),
            pagination: pagination(items.length, page, perPage),
          },
        };
      }
      const retros = /^\/v1\/incidents\/([^/]+)\/retrospectives$/.exec(
        request.path,
      );
      if (retros) {
        const incident = incidents.find(i => i.id === retros[1]);
        const retrospective = incident?.retrospective;
        return {
          body: {
            data: retrospective
              ? [
                  {
                    id: `retro-${incident!.id}`,
                    name: retrospective.name,
                    description: '',
                    is_hidden: false,
                    sections: [],
                    fields: Object.entries(retrospective.fields).map(
                      ([label, value], k) => ({
                        id: `field-${k}`,
                        label,
                        type: 'markdown',
                        is_required: false,
                        value,
                      }),
                    ),
                    exports: [],
                  },
                ]
              : [],
            pagination: pagination(retrospective ? 1 : 0, 1, 20),
          },
        };
      }
      return { status: 404, body: { message: 'Not Found' } };
    },
    { contract: 'firehydrant/openapi.yaml' },
  );
}
