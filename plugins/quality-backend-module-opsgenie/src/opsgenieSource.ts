import { Severity } from '@quality-pulse/plugin-quality-common';
import {
  getJson,
  parseVendorItem,
  severityOf,
  vendorDate,
  vendorUrl,
} from '@quality-pulse/plugin-quality-node';
import { z } from 'zod';
import { SelectorSource } from './SelectorIncidentsProvider';

/**
 * Opsgenie's Incident API v1, as a small typed client (no maintained
 * Opsgenie client is on the registry): impact start to impact end; its
 * incident list carries no acknowledgement.
 */
export const opsgenieIncidentSchema = z.object({
  id: z.string(),
  tinyId: z.string().nullish(),
  message: z.string(),
  status: z.string(),
  priority: z.string().nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
  impactStartDate: z.string().nullish(),
  impactEndDate: z.string().nullish(),
  links: z.object({ web: z.string().nullish() }).nullish(),
});

const pageSchema = z.object({
  data: z.array(z.unknown()),
  paging: z.object({ next: z.string().nullish() }).nullish(),
});

const RESOLVED = new Set(['resolved', 'closed']);

export function opsgenieSource(options: {
  baseUrl: string;
  apiKey: string;
  severity: Record<string, Severity>;
}): SelectorSource {
  return {
    async page(call, query, offset) {
      const body = await getJson(
        call,
        'Opsgenie incidents',
        vendorUrl(options.baseUrl, '/v1/incidents', {
          query,
          offset: String(offset),
          limit: '100',
          sort: 'createdAt',
          order: 'asc',
        }),
        { authorization: `GenieKey ${options.apiKey}` },
        pageSchema,
      );
      return { data: body.data, hasNext: !!body.paging?.next };
    },
    toIncident(raw, entityRef) {
      const parsed = parseVendorItem(opsgenieIncidentSchema, raw);
      if (!parsed.ok) {
        return { id: parsed.id, skip: parsed.reason };
      }
      const incident = parsed.data;
      try {
        return {
          incident: {
            externalId: incident.id,
            entityRef,
            title: `#${incident.tinyId ?? incident.id} ${incident.message}`,
            url: incident.links?.web ?? undefined,
            severity: severityOf([incident.priority], options.severity),
            startedAt:
              vendorDate(incident.impactStartDate, 'impactStartDate') ??
              vendorDate(incident.createdAt, 'createdAt')!,
            resolvedAt: RESOLVED.has(incident.status)
              ? vendorDate(incident.impactEndDate, 'impactEndDate') ??
                vendorDate(incident.updatedAt, 'updatedAt')
              : undefined,
          },
        };
      } catch (error) {
        return {
          id: incident.tinyId ?? incident.id,
          skip: (error as Error).message,
        };
      }
    },
  };
}
