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
 * Jira Service Management operations (Opsgenie's successor): alerts under
 * `https://api.atlassian.com/jsm/ops/api/{cloudId}/v1`, with Opsgenie's query
 * language, offset/size paging and `links.next`, Basic authentication with an
 * Atlassian account's email and API token. An alert is an incident from its
 * creation, acknowledged and closed at the times its report gives.
 */
export const jsmAlertSchema = z.looseObject({
  ...opsgenieRecordFields,
  /** Milliseconds from creation to acknowledgement and to closing. */
  report: z
    .looseObject({
      ackTime: z.number().nullish(),
      closeTime: z.number().nullish(),
    })
    .nullish(),
});

const pageSchema = z.looseObject({
  values: z.array(z.unknown()),
  links: z.looseObject({ next: z.string().nullish() }).nullish(),
});

/** The largest page JSM operations serves (`size`, at most 100). */
const PAGE_SIZE = 100;

/** When a closed alert closed: its report's close time, else its last update. */
function closedAt(
  status: string,
  created: number,
  closeTime: number | null | undefined,
  updatedAt: string,
): Date | undefined {
  if (status !== 'closed') return undefined;
  return typeof closeTime === 'number'
    ? new Date(created + closeTime)
    : vendorDate(updatedAt, 'updatedAt');
}

export function jsmOpsSource(options: {
  baseUrl: string;
  cloudId: string;
  email: string;
  apiToken: string;
  severity: Record<string, Severity>;
}): SelectorSource {
  const basic = Buffer.from(`${options.email}:${options.apiToken}`).toString(
    'base64',
  );
  const base = `/jsm/ops/api/${encodeURIComponent(options.cloudId)}/v1/alerts`;
  const headers = { authorization: `Basic ${basic}` };
  return {
    what: 'JSM operations alerts',
    pageSize: PAGE_SIZE,
    // "offset + size must be less than 20,000" (List alerts).
    maxOffset: 19_999,
    async page(call, query, offset) {
      const body = await getJson(
        call,
        'JSM operations alerts',
        vendorUrl(options.baseUrl, base, {
          query,
          offset: String(offset),
          size: String(PAGE_SIZE),
          sort: 'createdAt',
          order: 'asc',
        }),
        headers,
        pageSchema,
      );
      return { data: body.values, hasNext: !!body.links?.next };
    },
    async one(call, id) {
      return VendorHttpError.unlessGone(
        getJson(
          call,
          `JSM operations alert ${id}`,
          vendorUrl(options.baseUrl, `${base}/${encodeURIComponent(id)}`),
          headers,
          z.unknown(),
        ),
      );
    },
    toIncident(raw, entityRef) {
      return recordToIncident(
        { schema: jsmAlertSchema, raw, entityRef },
        options.severity,
        alert => {
          const created = vendorDate(alert.createdAt, 'createdAt')!.getTime();
          const ack = alert.report?.ackTime;
          const close = alert.report?.closeTime;
          return {
            startedAt: new Date(created),
            acknowledgedAt:
              typeof ack === 'number' ? new Date(created + ack) : undefined,
            resolvedAt: closedAt(alert.status, created, close, alert.updatedAt),
          };
        },
      );
    },
  };
}
