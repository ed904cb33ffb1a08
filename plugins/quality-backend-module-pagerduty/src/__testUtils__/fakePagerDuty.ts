import { startFakeVendor } from '@quality-pulse/plugin-quality-node/testUtils';

/**
 * PagerDuty's REST API v2 on 127.0.0.1 for the endpoints the module calls,
 * with its documented shapes: classic offset pagination (`limit`, `offset`,
 * `more`), `since`/`until` filtering on creation, `statuses[]`,
 * `ratelimit-*` headers, and errors as `{ error: { message, code, errors } }`.
 */

export interface FakeIncident {
  id: string;
  number: number;
  service: string;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: 'high' | 'low';
  priority?: string;
  created: string;
  acknowledged?: string;
  resolved?: string;
  notes: Array<{ content: string; created: string }>;
  /** Leaves `resolved_at` out, as older incident payloads do. */
  withoutResolvedAt?: boolean;
  /** Notes annotated between acknowledgement and resolution: a log longer than a page. */
  annotations?: number;
}

export class FakePagerDutyAccount {
  readonly incidents = new Map<string, FakeIncident>();
  private counter = 0;

  create(
    service: string,
    created: string,
    options: Partial<
      Omit<FakeIncident, 'id' | 'number' | 'service' | 'created'>
    > = {},
  ): FakeIncident {
    this.counter += 1;
    const incident: FakeIncident = {
      id: `Q${String(this.counter).padStart(6, '0')}ABCDEF`,
      number: this.counter,
      service,
      title: options.title ?? `Incident ${this.counter}`,
      status: options.status ?? 'triggered',
      urgency: options.urgency ?? 'high',
      priority: options.priority,
      created,
      acknowledged: options.acknowledged,
      resolved: options.resolved,
      notes: options.notes ?? [],
      withoutResolvedAt: options.withoutResolvedAt,
      annotations: options.annotations,
    };
    this.incidents.set(incident.id, incident);
    return incident;
  }

  acknowledge(id: string, at: string) {
    Object.assign(this.incidents.get(id)!, {
      status: 'acknowledged',
      acknowledged: at,
    });
  }

  resolve(id: string, at: string) {
    Object.assign(this.incidents.get(id)!, {
      status: 'resolved',
      resolved: at,
    });
  }
}

/** PagerDuty's own host: `self` links are absolute URLs there, whatever host was asked. */
const API = 'https://api.pagerduty.com';

function incidentPayload(i: FakeIncident) {
  const base = API;
  return {
    id: i.id,
    type: 'incident',
    summary: `[#${i.number}] ${i.title}`,
    self: `${base}/incidents/${i.id}`,
    html_url: `https://acme.pagerduty.com/incidents/${i.id}`,
    incident_number: i.number,
    title: i.title,
    created_at: i.created,
    updated_at: i.resolved ?? i.acknowledged ?? i.created,
    status: i.status,
    incident_key: `key-${i.id}`,
    service: {
      id: i.service,
      type: 'service_reference',
      summary: 'Service',
      self: `${base}/services/${i.service}`,
    },
    assignments: [],
    // PagerDuty lists acknowledgements only while the incident is acknowledged.
    acknowledgements:
      i.status === 'acknowledged' && i.acknowledged
        ? [
            {
              at: i.acknowledged,
              acknowledger: { id: 'PUSER01', type: 'user_reference' },
            },
          ]
        : [],
    last_status_change_at: i.resolved ?? i.acknowledged ?? i.created,
    // The description types resolved_at as a string (not nullable): left out while open.
    ...(i.withoutResolvedAt || i.status !== 'resolved'
      ? {}
      : { resolved_at: i.resolved }),
    urgency: i.urgency,
    // Not nullable in the description: left out when the incident has none.
    ...(i.priority
      ? {
          priority: {
            id: `PRIO${i.priority}`,
            type: 'priority',
            summary: i.priority,
            name: i.priority,
          },
        }
      : {}),
    escalation_policy: { id: 'PESC001', type: 'escalation_policy_reference' },
    teams: [],
    alert_counts: { all: 1, triggered: 0, resolved: 1 },
    is_mergeable: true,
  };
}

function logPayload(i: FakeIncident) {
  return [
    { id: `L1${i.id}`, type: 'trigger_log_entry', created_at: i.created },
    ...(i.acknowledged
      ? [
          {
            id: `L2${i.id}`,
            type: 'acknowledge_log_entry',
            created_at: i.acknowledged,
          },
        ]
      : []),
    ...Array.from({ length: i.annotations ?? 0 }, (_, k) => ({
      id: `LA${k}${i.id}`,
      type: 'annotate_log_entry',
      created_at: i.acknowledged ?? i.created,
    })),
    ...(i.resolved
      ? [{ id: `L3${i.id}`, type: 'resolve_log_entry', created_at: i.resolved }]
      : []),
  ];
}

/** PagerDuty's answer to a parameter it refuses. */
const invalidInput = (reason: string, headers: Record<string, string>) => ({
  status: 400,
  headers,
  body: {
    error: { message: 'Invalid Input Provided', code: 2001, errors: [reason] },
  },
});

export async function startFakePagerDuty(
  account: FakePagerDutyAccount,
  options: { pageCap?: number; beforeList?: () => void } = {},
) {
  return startFakeVendor(
    request => {
      const rate = {
        'ratelimit-limit': '960',
        'ratelimit-remaining': '959',
        'ratelimit-reset': '60',
      };
      if (request.headers.authorization !== 'Token token=pd_quality_test') {
        return {
          status: 401,
          headers: rate,
          body: { error: { message: 'Unauthorized', code: 2006 } },
        };
      }
      if (request.path === '/incidents') {
        options.beforeList?.();
        const q = request.query;
        const services = q.getAll('service_ids[]');
        const statuses = q.getAll('statuses[]');
        const since = q.get('since');
        const until = q.get('until');
        if (
          since &&
          until &&
          Date.parse(until) - Date.parse(since) > 180 * 86_400_000
        ) {
          return invalidInput('Date range cannot exceed 6 months.', rate);
        }
        const limit = Math.min(
          Number(q.get('limit') ?? 25),
          options.pageCap ?? 100,
        );
        const offset = Number(q.get('offset') ?? 0);
        if (offset + limit > 10_000) {
          // Classic pagination stops there, whatever `more` said.
          return invalidInput('Offset must be less than 10000.', rate);
        }
        const matches = [...account.incidents.values()]
          .filter(i => services.length === 0 || services.includes(i.service))
          .filter(i => statuses.length === 0 || statuses.includes(i.status))
          .filter(
            i =>
              q.get('date_range') === 'all' ||
              !since ||
              Date.parse(i.created) >= Date.parse(since),
          )
          .filter(
            i =>
              q.get('date_range') === 'all' ||
              !until ||
              Date.parse(i.created) < Date.parse(until),
          )
          .sort((a, b) => Date.parse(a.created) - Date.parse(b.created));
        const page = matches.slice(offset, offset + limit);
        return {
          headers: rate,
          // A corrupt date is served on purpose by the malformed-incident test.
          offContract: page.some(i => Number.isNaN(Date.parse(i.created))),
          body: {
            incidents: page.map(incidentPayload),
            limit,
            offset,
            total: null,
            more: offset + limit < matches.length,
          },
        };
      }
      const single = /^\/incidents\/([^/]+)(\/log_entries|\/notes)?$/.exec(
        request.path,
      );
      if (single) {
        const incident = account.incidents.get(single[1]);
        if (!incident) {
          return {
            status: 404,
            headers: rate,
            body: { error: { message: 'Not Found', code: 2100 } },
          };
        }
        if (single[2] === '/log_entries') {
          const limit = Math.min(
            Number(request.query.get('limit') ?? 25),
            options.pageCap ?? 100,
          );
          const offset = Number(request.query.get('offset') ?? 0);
          const entries = logPayload(incident);
          return {
            headers: rate,
            body: {
              log_entries: entries.slice(offset, offset + limit),
              limit,
              offset,
              more: offset + limit < entries.length,
            },
          };
        }
        if (single[2] === '/notes') {
          return {
            headers: rate,
            body: {
              notes: incident.notes.map((n, k) => ({
                id: `N${k}`,
                user: { id: 'PUSER01', type: 'user_reference' },
                content: n.content,
                created_at: n.created,
              })),
            },
          };
        }
        return {
          headers: rate,
          body: { incident: incidentPayload(incident) },
        };
      }
      return {
        status: 404,
        body: { error: { message: 'Not Found', code: 2100 } },
      };
    },
    { contract: 'pagerduty/rest-openapiv3.json' },
  );
}
