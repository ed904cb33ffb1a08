/** The parts of Jira's issue payloads the module reads (same in v2 and v3). */
export interface JiraIssue {
  id: string;
  key: string;
  fields: {
    summary?: string;
    created?: string | Date;
    updated?: string | Date;
    status?: {
      id?: string;
      name?: string;
      statusCategory?: { key?: string };
    };
    priority?: { name?: string } | null;
    labels?: string[];
    components?: Array<{ name?: string }>;
    issuetype?: { name?: string };
    issuelinks?: Array<{
      inwardIssue?: { fields?: { issuetype?: { name?: string } } };
      outwardIssue?: { fields?: { issuetype?: { name?: string } } };
    }>;
    [field: string]: unknown;
  };
}

/** One change of a field, flattened from a changelog history. */
export interface JiraChange {
  /** When: ISO text (Data Center) or a Date (jira.js). */
  at: string | number | Date;
  /** The field id (`status`, `priority`, `customfield_10010`). */
  field: string;
  from?: string | null;
  fromString?: string | null;
  to?: string | null;
  toString?: string | null;
}

/** Status id and name → open or closed (status category "done"). */
export interface JiraStatusCategories {
  byId: Map<string, 'open' | 'closed'>;
  byName: Map<string, 'open' | 'closed'>;
}

/** A page of the search, oldest update first. */
export interface JiraSearchPage {
  issues: JiraIssue[];
  nextPageToken?: string;
}

/**
 * What the provider needs from a Jira site; Cloud and Data Center implement it
 * with their own endpoints and pagination.
 */
export interface JiraSite {
  /** The time zone JQL dates are read in: the token's user's. */
  timeZone(): Promise<string>;
  statusCategories(): Promise<JiraStatusCategories>;
  /** `label` names the search in errors ("project PAY"); the JQL by default. */
  search(
    jql: string,
    fields: string[],
    pageToken: string | undefined,
    label?: string,
  ): Promise<JiraSearchPage>;
  /** Status and severity changes of each issue, by issue id. */
  changes(
    issues: JiraIssue[],
    fieldIds: string[],
  ): Promise<Map<string, JiraChange[]>>;
  /** Every issue id the JQL matches, for reconciliation. */
  listIds(jql: string, label?: string): Promise<string[]>;
}
