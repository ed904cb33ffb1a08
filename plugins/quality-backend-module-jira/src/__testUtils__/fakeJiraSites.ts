import {
  FakeVendorRequest,
  startFakeVendor,
} from '@quality-pulse/plugin-quality-node/testUtils';
import {
  TIME_ZONE,
  FIELDS,
  STATUSES,
  FakeIssue,
  jiraStamp,
  FakeJiraProject,
  evaluateJql,
  servedIssue,
} from './fakeJira';

/** The fake Jira sites' HTTP side: Cloud's enhanced search and bulk changelogs, Data Center's v2 search. */

const encodeToken = (offset: number) =>
  Buffer.from(JSON.stringify({ offset })).toString('base64url');
const decodeToken = (token: string) =>
  JSON.parse(Buffer.from(token, 'base64url').toString()).offset as number;

/** Starts a fake Jira Cloud site. `beforePage` runs before each search page is served. */
export async function startFakeJiraCloud(
  project: FakeJiraProject,
  options: {
    pageCap?: number;
    beforePage?: (request: FakeVendorRequest) => void;
  } = {},
) {
  const pageCap = options.pageCap ?? 20;
  const vendor = await startFakeVendor(
    request => {
      if (!request.headers.authorization?.startsWith('Basic ')) {
        return { status: 401, body: { errorMessages: ['Unauthorized'] } };
      }
      if (request.path === '/rest/api/3/myself') {
        return {
          body: {
            accountId: '5b10a2844c20165700ede21g',
            accountType: 'atlassian',
            active: true,
            displayName: 'Quality Pulse',
            timeZone: TIME_ZONE,
            self: `${vendor.url}/rest/api/3/user?accountId=5b10a2844c20165700ede21g`,
          },
        };
      }
      if (request.path === '/rest/api/3/status') {
        return {
          body: STATUSES.map(s => ({
            self: `${vendor.url}/rest/api/3/status/${s.id}`,
            description: '',
            iconUrl: `${vendor.url}/images/icons/statuses/open.png`,
            name: s.name,
            id: s.id,
            statusCategory: {
              self: `${vendor.url}/rest/api/3/statuscategory/2`,
              id: 2,
              key: s.category,
              colorName: 'blue-gray',
              name: s.name,
            },
          })),
        };
      }
      if (
        request.path === '/rest/api/3/search/jql' &&
        request.method === 'POST'
      ) {
        options.beforePage?.(request);
        const { jql, fields, maxResults, nextPageToken } = request.body;
        const matches = evaluateJql(jql, [...project.issues.values()]);
        const offset = nextPageToken ? decodeToken(nextPageToken) : 0;
        const size = Math.min(maxResults ?? 50, pageCap);
        const page = matches.slice(offset, offset + size);
        const isLast = offset + size >= matches.length;
        return {
          body: {
            issues: page.map(issue => servedIssue(issue, fields, vendor.url)),
            isLast,
            ...(isLast ? {} : { nextPageToken: encodeToken(offset + size) }),
          },
        };
      }
      if (
        request.path === '/rest/api/3/changelog/bulkfetch' &&
        request.method === 'POST'
      ) {
        const { issueIdsOrKeys, fieldIds } = request.body;
        return {
          body: {
            issueChangeLogs: (issueIdsOrKeys as string[])
              .map(id => project.issues.get(id))
              .filter((issue): issue is FakeIssue => !!issue)
              .map(issue => ({
                issueId: issue.id,
                changeHistories: issue.changelog
                  .map((history, i) => ({
                    id: String(i + 1),
                    created: jiraStamp(history.created),
                    items: history.items
                      .filter(item =>
                        fieldIds.includes(item.fieldId ?? item.field),
                      )
                      .map(item => ({
                        // Not nullable in the description: absent values are left out.
                        ...Object.fromEntries(
                          Object.entries(item).filter(([, v]) => v !== null),
                        ),
                        fieldId: item.fieldId ?? item.field,
                        fieldtype: item.fieldId ? 'custom' : 'jira',
                      })),
                  }))
                  .filter(history => history.items.length > 0),
              })),
          },
        };
      }
      return { status: 404, body: { errorMessages: ['Not found'] } };
    },
    { contract: 'jira/swagger-v3.v3.json' },
  );
  return vendor;
}

/** Starts a fake Jira Data Center site (v2 API, personal access token). */
export async function startFakeJiraDataCenter(
  project: FakeJiraProject,
  options: { pageCap?: number } = {},
) {
  const pageCap = options.pageCap ?? 20;
  const vendor = await startFakeVendor(request => {
    if (!request.headers.authorization?.startsWith('Bearer ')) {
      return { status: 401, body: { errorMessages: ['Unauthorized'] } };
    }
    if (request.path === '/rest/api/2/myself') {
      return { body: { name: 'quality', timeZone: TIME_ZONE } };
    }
    if (request.path === '/rest/api/2/field') {
      return { body: FIELDS };
    }
    if (request.path === '/rest/api/2/status') {
      return {
        body: STATUSES.map(s => ({
          id: s.id,
          name: s.name,
          statusCategory: { id: 2, key: s.category, name: s.name },
        })),
      };
    }
    if (request.path === '/rest/api/2/search') {
      const jql = request.query.get('jql') ?? '';
      const fields = (request.query.get('fields') ?? '').split(',');
      const startAt = Number(request.query.get('startAt') ?? 0);
      const size = Math.min(
        Number(request.query.get('maxResults') ?? 50),
        pageCap,
      );
      const matches = evaluateJql(jql, [...project.issues.values()]);
      const withChangelog = request.query.get('expand') === 'changelog';
      return {
        body: {
          expand: 'schema,names',
          startAt,
          maxResults: size,
          total: matches.length,
          issues: matches.slice(startAt, startAt + size).map(issue => ({
            ...servedIssue(issue, fields, vendor.url),
            ...(withChangelog
              ? {
                  changelog: {
                    startAt: 0,
                    maxResults: issue.changelog.length,
                    total: issue.changelog.length,
                    // Older Data Center sends no fieldId: custom fields go by name.
                    histories: issue.changelog.map((history, i) => ({
                      id: String(i + 1),
                      created: jiraStamp(history.created),
                      items: history.items.map(
                        ({ fieldId: _id, ...item }) => item,
                      ),
                    })),
                  },
                }
              : {}),
          })),
        },
      };
    }
    return { status: 404, body: { errorMessages: ['Not found'] } };
  });
  return vendor;
}
