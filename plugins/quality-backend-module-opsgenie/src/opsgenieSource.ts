import { Severity } from '@quality-pulse/plugin-quality-common';
import {
  getJson,
  vendorDate,
  VendorHttpError,
  vendorUrl,
} from '@quality-pulse/plugin-quality-node';
import { z } from 'zod';
import {
  opsgenieRecordFields,
  recordToIncident,
  SelectorSource,
} from './SelectorIncidentsProvider';

/**
 * Opsgenie's Incident API v1, as a small typed client (no maintained
 * Opsgenie client is on the registry), checked against Opsgenie's published
 * description (`BaseIncident`): impact start to impact end, which Opsgenie's
 * incident documentation shows although the description leaves them out
 * (without them: creation to the last update once resolved); its incidents
 * carry no acknowledgement.
 */
export const opsgenieIncidentSchema = z.looseObject({
  ...opsgenieRecordFields,
  impactStartDate: z.string().nullish(),
  impactEndDate: z.string().nullish(),
  links: z.looseObject({ web: z.string().nullish() }).nullish(),
});

const pageSchema = z.looseObject({
  data: z.array(z.unknown()),
  paging: z.looseObject({ next: z.string().nullish() }).nullish(),
});

/** Opsgenie's largest incident page (`limit`, 1 to 100). */
const PAGE_SIZE = 100;

const RESOLVED = new Set(['resolved', 'closed']);

export function opsgenieSource(options: {
  baseUrl: string;
  apiKey: string;
  severity: Record<string, Severity>;
}): SelectorSource {
  const headers = { authorization: `GenieKey ${options.apiKey}` };
  return {
    what: 'Opsgenie incidents',
    pageSize: PAGE_SIZE,
    // Opsgenie's searches stop at offset + limit 20,000, as its alerts document.
    maxOffset: 20_000,
    async page(call, query, offset) {
      const body = await getJson(
        call,
        'Opsgenie incidents',
        vendorUrl(options.baseUrl, '/v1/incidents/', {
          query,
          offset: String(offset),
          limit: String(PAGE_SIZE),
          sort: 'createdAt',
          order: 'asc',
        }),
        headers,
        pageSchema,
      );
      return { data: body.data, hasNext: !!body.paging?.next };
    },
    async one(call, id) {
      // Deleted since (404): nothing more to learn about it.
      const body = await VendorHttpError.unlessGone(
        getJson(
          call,
          `Opsgenie incident ${id}`,
          vendorUrl(
            options.baseUrl,
            `/v1/incidents/${encodeURIComponent(id)}`,
            { identifierType: 'id' },
          ),
          headers,
          z.looseObject({ data: z.unknown() }),
        ),
      );
      return body?.data;
    },
    toIncident(raw, entityRef) {
      return recordToIncident(
        { schema: opsgenieIncidentSchema, raw, entityRef },
        options.severity,
        incident => ({
          url: incident.links?.web ?? undefined,
          startedAt:
            vendorDate(incident.impactStartDate, 'impactStartDate') ??
            vendorDate(incident.createdAt, 'createdAt')!,
          resolvedAt: RESOLVED.has(incident.status)
            ? vendorDate(incident.impactEndDate, 'impactEndDate') ??
              vendorDate(incident.updatedAt, 'updatedAt')
            : undefined,
        }),
      );
    },
  };
}
