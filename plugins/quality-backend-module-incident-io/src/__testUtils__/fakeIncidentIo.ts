import { startFakeVendor } from '@quality-pulse/plugin-quality-node/testUtils';

/**
 * incident.io's API v2 on 127.0.0.1: `GET /v2/incidents` with `page_size`,
 * `after` and `updated_at[gte]`, answering `{ incidents, pagination_meta }`
 * in creation order, newest first, and errors as `{ type, status, request_id,
 * errors: [{ code, message }] }`.
 */

export interface FakeIoIncident {
  id: string;
  reference: string;
  name: string;
  mode?: string;
  created: string;
  updated: string;
  severity?: string;
  /** `IncidentStatusV2.category` as published, or a category added later. */
  category:
    | 'triage'
    | 'declined'
    | 'merged'
    | 'canceled'
    | 'live'
    | 'learning'
    | 'closed'
    | 'paused'
    | (string & {});
  services: string[];
  timestamps: Record<string, string>;
  postmortem?: string;
  raw?: Record<string, unknown>;
}

export class FakeIncidentIoAccount {
  readonly incidents: FakeIoIncident[] = [];
  private counter = 0;

  create(
    incident: Omit<FakeIoIncident, 'id' | 'reference' | 'updated'> & {
      updated?: string;
    },
  ) {
    this.counter += 1;
    const created: FakeIoIncident = {
      ...incident,
      id: `01FCNDV6P870EA6S7TK1DSYD${String(this.counter).padStart(2, '0')}`,
      reference: `INC-${this.counter}`,
      updated: incident.updated ?? incident.created,
    };
    this.incidents.push(created);
    return created;
  }
}

function payload(i: FakeIoIncident) {
  return {
    id: i.id,
    reference: i.reference,
    name: i.name,
    mode: i.mode ?? 'standard',
    visibility: 'public',
    permalink: `https://app.incident.io/acme/incidents/${
      i.reference.split('-')[1]
    }`,
    created_at: i.created,
    updated_at: i.updated,
    creator: {
      user: {
        id: '01G0J1EXE7AXZ2C93K61WBPYEH',
        name: 'Lisa Karlin Curtis',
        role: 'viewer',
      },
    },
    // Not nullable in the description: left out when there is none.
    ...(i.severity
      ? {
          severity: {
            id: `sev-${i.severity}`,
            name: i.severity,
            rank: 1,
            description: '',
            created_at: i.created,
            updated_at: i.created,
          },
        }
      : {}),
    slack_team_id: 'T02A1FSLE8J',
    slack_channel_id: `C0${i.reference.split('-')[1]}ABCDEF`,
    incident_status: {
      id: `st-${i.category}`,
      name: i.category,
      category: i.category,
      rank: 1,
      description: '',
      created_at: '2021-08-17T13:28:57.801578Z',
      updated_at: '2021-08-17T13:28:57.801578Z',
    },
    incident_type: {
      id: '01GBS',
      name: 'Default',
      description: '',
      is_default: true,
      private_incidents_only: false,
      create_in_triage: 'optional',
      created_at: '2021-08-17T13:28:57.801578Z',
      updated_at: '2021-08-17T13:28:57.801578Z',
    },
    incident_timestamp_values: Object.entries(i.timestamps).map(
      ([name, value], rank) => ({
        incident_timestamp: { id: `ts-${rank}`, name, rank },
        value: { value },
      }),
    ),
    postmortem_document_url: i.postmortem,
    custom_field_entries: [
      {
        custom_field: {
          id: '01FCNDV6P870EA6S7TK1DSYDG0',
          name: 'Affected services',
          field_type: 'multi_select',
          description: '',
          options: [],
        },
        values: i.services.map(service => ({
          value_catalog_entry: {
            id: `ce-${service}`,
            name: service,
            external_id: `component:default/${service}`,
            aliases: [],
          },
        })),
      },
    ],
    incident_role_assignments: [],
    summary: '',
    ...i.raw,
  };
}

export async function startFakeIncidentIo(
  account: FakeIncidentIoAccount,
  options: { pageCap?: number; beforePage?: () => void } = {},
) {
  return startFakeVendor(
    request => {
      if (request.headers.authorization !== 'Bearer inc_quality_test') {
        return {
          status: 401,
          body: {
            type: 'authentication_error',
            status: 401,
            request_id: 'req_1',
            errors: [{ code: 'unauthenticated', message: 'Invalid API key' }],
          },
        };
      }
      if (request.path !== '/v2/incidents') {
        return {
          status: 404,
          body: {
            type: 'not_found',
            status: 404,
            errors: [{ code: 'not_found', message: 'Not found' }],
          },
        };
      }
      options.beforePage?.();
      const q = request.query;
      const gte = q.get('updated_at[gte]');
      const size = Math.min(
        Number(q.get('page_size') ?? 25),
        options.pageCap ?? 250,
      );
      const all = account.incidents
        .filter(i => !gte || Date.parse(i.updated) >= Date.parse(gte))
        .sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
      const after = q.get('after');
      const start = after ? all.findIndex(i => i.id === after) + 1 : 0;
      const page = all.slice(start, start + size);
      return {
        headers: {
          'x-ratelimit-limit': '1200',
          'x-ratelimit-remaining': '1199',
        },
        // A payload made malformed on purpose (`raw`) is off the description.
        offContract: page.some(i => i.raw !== undefined),
        body: {
          incidents: page.map(payload),
          pagination_meta: {
            after:
              start + size < all.length ? page[page.length - 1]?.id : undefined,
            page_size: size,
            total_record_count: all.length,
          },
        },
      };
    },
    {
      contract: 'incident-io/public-schema-v3-including-secret-endpoints.json',
    },
  );
}
