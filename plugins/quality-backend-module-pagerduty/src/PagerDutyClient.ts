import { api } from '@pagerduty/pdjs';
import {
  RequestBudget,
  VendorCaller,
  VendorHttpError,
} from '@quality-pulse/plugin-quality-node';

/** The parts of PagerDuty's incident object the module reads (REST API v2). */
export interface PagerDutyIncident {
  id: string;
  incident_number?: number;
  title?: string;
  html_url?: string;
  status?: string;
  urgency?: string;
  created_at?: string;
  resolved_at?: string | null;
  last_status_change_at?: string;
  priority?: { summary?: string; name?: string } | null;
  service?: { id?: string };
  acknowledgements?: Array<{ at?: string }>;
}

export interface PagerDutyLogEntry {
  type?: string;
  created_at?: string;
}

export interface PagerDutyNote {
  content?: string;
  created_at?: string;
}

const PAGE_SIZE = 100;

/**
 * PagerDuty's REST API v2 through `@pagerduty/pdjs`. pdjs resolves with the
 * response whatever its status; a non-2xx becomes a VendorHttpError with the
 * headers (`ratelimit-reset`), so the shared retry policy honours them.
 * pdjs itself retries a 429 up to three times (after `retryTimeout`) inside
 * one call; the budget counts those too.
 */
export class PagerDutyClient {
  constructor(
    private readonly options: {
      baseUrl: string;
      token: string;
      call: VendorCaller;
      budget: RequestBudget;
    },
  ) {}

  private async get<T>(
    what: string,
    path: string,
    query: Record<string, string | string[]>,
  ): Promise<T> {
    return this.options.call(what, async () => {
      const response = await api({
        url: `${this.options.baseUrl.replace(/\/+$/, '')}${path}`,
        token: this.options.token,
        method: 'GET',
        queryParameters: query as any,
        retryTimeout: 1000,
      } as any).catch(raw => raw); // pdjs rejects with the response when its body is not JSON
      const status: number = response?.status ?? response?.response?.status;
      if (status === 429) {
        // pdjs asked three more times before giving up.
        for (let i = 0; i < 3 && this.options.budget.remaining > 0; i++) {
          this.options.budget.take(what);
        }
      }
      if (!(status >= 200 && status < 300)) {
        const headers = Object.fromEntries(
          (response?.headers ?? response?.response?.headers)?.entries?.() ?? [],
        ) as Record<string, string>;
        const body = response?.data;
        const message = body?.error?.message ?? '';
        const errors = (body?.error?.errors ?? []).join(' ');
        throw new VendorHttpError(
          status || 0,
          headers,
          `${what}: HTTP ${status}${message ? ` ${message}` : ''}${
            errors ? ` (${errors})` : ''
          }`,
        );
      }
      return response.data as T;
    });
  }

  /** Incidents of a service created in [since, until), oldest first, by offset. */
  async incidentsCreated(
    serviceId: string,
    since: Date,
    until: Date,
    offset: number,
  ) {
    const page = await this.get<{
      incidents: PagerDutyIncident[];
      more: boolean;
      offset: number;
      limit: number;
    }>(`PagerDuty incidents of service ${serviceId}`, '/incidents', {
      'service_ids[]': [serviceId],
      since: since.toISOString(),
      until: until.toISOString(),
      sort_by: 'created_at:asc',
      time_zone: 'UTC',
      limit: String(PAGE_SIZE),
      offset: String(offset),
      total: 'false',
    });
    return { incidents: page.incidents ?? [], more: !!page.more };
  }

  /** Every incident of the service not yet resolved. */
  async openIncidents(serviceId: string): Promise<PagerDutyIncident[]> {
    const all: PagerDutyIncident[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = await this.get<{
        incidents: PagerDutyIncident[];
        more: boolean;
      }>(`PagerDuty open incidents of service ${serviceId}`, '/incidents', {
        'service_ids[]': [serviceId],
        'statuses[]': ['triggered', 'acknowledged'],
        date_range: 'all',
        time_zone: 'UTC',
        limit: String(PAGE_SIZE),
        offset: String(offset),
      });
      all.push(...(page.incidents ?? []));
      if (!page.more) return all;
    }
  }

  async incident(id: string): Promise<PagerDutyIncident> {
    const body = await this.get<{ incident: PagerDutyIncident }>(
      `PagerDuty incident ${id}`,
      `/incidents/${encodeURIComponent(id)}`,
      {},
    );
    return body.incident;
  }

  /** The incident's overview log: triggers, acknowledgements, resolution. */
  async logEntries(id: string): Promise<PagerDutyLogEntry[]> {
    const body = await this.get<{ log_entries: PagerDutyLogEntry[] }>(
      `PagerDuty log of incident ${id}`,
      `/incidents/${encodeURIComponent(id)}/log_entries`,
      { is_overview: 'true', time_zone: 'UTC', limit: String(PAGE_SIZE) },
    );
    return body.log_entries ?? [];
  }

  async notes(id: string): Promise<PagerDutyNote[]> {
    const body = await this.get<{ notes: PagerDutyNote[] }>(
      `PagerDuty notes of incident ${id}`,
      `/incidents/${encodeURIComponent(id)}/notes`,
      {},
    );
    return body.notes ?? [];
  }
}
