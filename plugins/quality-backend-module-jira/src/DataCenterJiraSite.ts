import {
  VendorCaller,
  VendorJsonApi,
} from '@quality-pulse/plugin-quality-node';
import { z } from 'zod';
import { JiraChange, JiraIssue, JiraSite, JiraStatusCategories } from './types';

const PAGE_SIZE = 100;
const ID_PAGE_SIZE = 1000;

/** The v2 search page, as Jira Data Center documents it. */
const searchPageSchema = z.object({
  startAt: z.number(),
  maxResults: z.number(),
  total: z.number(),
  issues: z.array(
    z
      .object({
        id: z.string(),
        key: z.string(),
        fields: z.record(z.string(), z.unknown()),
        changelog: z
          .object({
            histories: z.array(
              z.object({
                created: z.string(),
                items: z.array(
                  z.object({
                    field: z.string(),
                    fieldId: z.string().optional(),
                    from: z.string().nullish(),
                    fromString: z.string().nullish(),
                    to: z.string().nullish(),
                    toString: z.string().nullish(),
                  }),
                ),
              }),
            ),
          })
          .optional(),
      })
      .passthrough(),
  ),
});

const statusesSchema = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    statusCategory: z.object({ key: z.string() }).optional(),
  }),
);

const myselfSchema = z.object({ timeZone: z.string().optional() });

const fieldsSchema = z.array(
  z.looseObject({ id: z.string(), name: z.string() }),
);

/** A change as the changelog gives it: a custom field by name when it has no fieldId. */
type LoggedChange = Omit<JiraChange, 'field'> & {
  field: string;
  fieldId?: string;
};

/**
 * Jira Data Center (and Server) over its v2 REST API: `startAt` pagination,
 * changelogs expanded in the search, a personal access token as bearer.
 * jira.js 6 targets Cloud only, so this is the module's own small client.
 */
export class DataCenterJiraSite implements JiraSite {
  /** Changelogs come with the search page; kept until `changes` asks. */
  private readonly changelogs = new Map<string, LoggedChange[]>();
  /** Field name → id, read once when a changelog names a field without its id. */
  private fieldIdsByName?: Promise<Map<string, string>>;

  private readonly api: VendorJsonApi;

  constructor(options: {
    baseUrl: string;
    personalAccessToken: string;
    call: VendorCaller;
  }) {
    this.api = new VendorJsonApi(options, {
      authorization: `Bearer ${options.personalAccessToken}`,
    });
  }

  async timeZone(): Promise<string> {
    const me = await this.api.get(
      'Jira: who am I',
      '/rest/api/2/myself',
      {},
      myselfSchema,
    );
    return me.timeZone ?? 'UTC';
  }

  async statusCategories(): Promise<JiraStatusCategories> {
    const statuses = await this.api.get(
      'Jira: list statuses',
      '/rest/api/2/status',
      {},
      statusesSchema,
    );
    const categories: JiraStatusCategories = {
      byId: new Map(),
      byName: new Map(),
    };
    for (const status of statuses) {
      const state = status.statusCategory?.key === 'done' ? 'closed' : 'open';
      categories.byId.set(status.id, state);
      categories.byName.set(status.name.toLowerCase(), state);
    }
    return categories;
  }

  async search(
    jql: string,
    fields: string[],
    pageToken: string | undefined,
    label = jql,
  ): Promise<{ issues: JiraIssue[]; nextPageToken?: string }> {
    const startAt = Number(pageToken ?? 0);
    const page = await this.api.get(
      `Jira search of ${label}`,
      '/rest/api/2/search',
      {
        jql,
        fields: fields.join(','),
        expand: 'changelog',
        startAt: String(startAt),
        maxResults: String(PAGE_SIZE),
      },
      searchPageSchema,
    );
    for (const issue of page.issues) {
      this.changelogs.set(
        issue.id,
        (issue.changelog?.histories ?? []).flatMap(history =>
          history.items.map(item => ({
            at: history.created,
            field: item.field,
            fieldId: item.fieldId,
            from: item.from,
            fromString: item.fromString,
            to: item.to,
            toString: item.toString,
          })),
        ),
      );
    }
    const next = page.startAt + page.issues.length;
    return {
      issues: page.issues as JiraIssue[],
      nextPageToken:
        page.issues.length > 0 && next < page.total ? String(next) : undefined,
    };
  }

  /**
   * Changes by field id. Older Data Center versions log a custom field by
   * its name only (`field: "Severity"`, no `fieldId`): those are mapped to
   * the id of the asked-for field of that name, from `/rest/api/2/field`.
   */
  async changes(
    issues: JiraIssue[],
    fieldIds: string[],
  ): Promise<Map<string, JiraChange[]>> {
    const logged = issues.flatMap(i => this.changelogs.get(i.id) ?? []);
    const byName = logged.some(
      change => !change.fieldId && !fieldIds.includes(change.field),
    )
      ? await this.fieldIdsOf(fieldIds)
      : new Map<string, string>();
    const byIssue = new Map<string, JiraChange[]>();
    for (const issue of issues) {
      byIssue.set(
        issue.id,
        (this.changelogs.get(issue.id) ?? []).map(({ fieldId, ...change }) => ({
          ...change,
          field:
            fieldId ?? byName.get(change.field.toLowerCase()) ?? change.field,
        })),
      );
      this.changelogs.delete(issue.id);
    }
    return byIssue;
  }

  private fieldIdsOf(fieldIds: string[]): Promise<Map<string, string>> {
    this.fieldIdsByName ??= this.api
      .get('Jira: list fields', '/rest/api/2/field', {}, fieldsSchema)
      .then(
        fields =>
          new Map(
            fields
              .filter(field => fieldIds.includes(field.id))
              .map(field => [field.name.toLowerCase(), field.id]),
          ),
      );
    return this.fieldIdsByName;
  }

  async listIds(jql: string, label = jql): Promise<string[]> {
    const ids: string[] = [];
    for (let startAt = 0; ; ) {
      const page = await this.api.get(
        `Jira id listing of ${label}`,
        '/rest/api/2/search',
        {
          jql,
          fields: 'id',
          startAt: String(startAt),
          maxResults: String(ID_PAGE_SIZE),
        },
        searchPageSchema,
      );
      ids.push(...page.issues.map(issue => issue.id));
      startAt = page.startAt + page.issues.length;
      if (page.issues.length === 0 || startAt >= page.total) {
        return ids;
      }
    }
  }
}
