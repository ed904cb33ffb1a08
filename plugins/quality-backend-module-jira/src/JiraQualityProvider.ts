import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConfiguredQualitySource,
  hasAnyOf,
  mapEachItem,
  MappedPage,
  NormalisedBug,
  QualitySourceRun,
  QualitySourceScope,
  QualitySourceSettings,
  scopesByAnnotation,
  ScopeTarget,
  targetEntityOf,
  VendorCaller,
} from '@quality-pulse/plugin-quality-node';
import { issueToBug, JiraMapping, jiraTime } from './issueToBug';
import { jqlDate } from './jqlDate';
import { JiraIssue, JiraSite } from './types';

/**
 * The annotations the module reads (the Jira plugins' convention).
 * @public
 */
export const JIRA_PROJECT_KEY_ANNOTATION = 'jira/project-key';
/** @public */
export const JIRA_COMPONENT_ANNOTATION = 'jira/component';
/** @public */
export const JIRA_LABEL_ANNOTATION = 'jira/label';
/**
 * With more than one Jira site: the instance (config key) that holds the project.
 * @public
 */
export const JIRA_INSTANCE_ANNOTATION = 'quality.backstage.io/jira-instance';

export interface JiraQualityProviderOptions extends QualitySourceSettings {
  instance: string;
  /** Whether this instance reads entities without a `quality.backstage.io/jira-instance` annotation. */
  isDefaultInstance: boolean;
  baseUrl: string;
  /** Opens the site for one run; every call goes through `call` (the run's budget and retries). */
  connect(call: VendorCaller): Promise<JiraSite>;
  mapping: JiraMapping;
  issueTypes: string[];
  reconcileHours: number;
}

const quote = (value: string) => `"${value.replace(/(["\\])/g, '\\$1')}"`;

/** The site of one run, with the facts every scope reads it by. */
interface JiraRun {
  site: JiraSite;
  timeZone: string;
  statusCategories: Awaited<ReturnType<JiraSite['statusCategories']>>;
}

/** A project to read: its JQL and which entity takes each issue. */
interface JiraProject {
  projectKey: string;
  scopeJql: string;
  targets: ScopeTarget<JiraIssue>[];
}

/**
 * Reads the bugs of every Jira project the catalog names, one scope per
 * project. Entities that share a project are told apart by `jira/component`
 * or `jira/label`; an entity with neither takes the project's other bugs.
 */
export class JiraQualityProvider extends ConfiguredQualitySource<
  JiraRun,
  JiraProject,
  JiraIssue
> {
  readonly reads = ['bugs'] as const;

  constructor(private readonly options: JiraQualityProviderOptions) {
    // JQL dates stop at minutes.
    super(options, { order: 'updated', filterPrecisionMs: 60_000 });
  }

  async client({ call }: QualitySourceRun): Promise<JiraRun> {
    const site = await this.options.connect(call);
    const [timeZone, statusCategories] = await Promise.all([
      site.timeZone(),
      site.statusCategories(),
    ]);
    return { site, timeZone, statusCategories };
  }

  scopes(entities: Entity[]): QualitySourceScope<JiraProject>[] {
    const issueTypes = this.options.issueTypes.map(quote).join(', ');
    return scopesByAnnotation(
      entities,
      {
        annotation: JIRA_PROJECT_KEY_ANNOTATION,
        normaliseKey: key => key.toUpperCase(),
        instance: { annotation: JIRA_INSTANCE_ANNOTATION, ...this.options },
      },
      (projectKey, projectEntities) => ({
        name: `project ${projectKey}`,
        target: {
          projectKey,
          scopeJql: `project = ${quote(
            projectKey,
          )} AND issuetype in (${issueTypes})`,
          targets: projectEntities.map(entity => this.targetOf(entity)),
        },
      }),
    );
  }

  async fetchPage(
    { site, timeZone }: JiraRun,
    project: JiraProject,
    since: Date,
    pageToken: string | undefined,
  ) {
    const page = await site.search(
      `${project.scopeJql} AND updated >= "${jqlDate(
        since,
        timeZone,
      )}" ORDER BY updated ASC, key ASC`,
      this.fields(),
      pageToken,
      `project ${project.projectKey}`,
    );
    return { items: page.issues, nextPageToken: page.nextPageToken };
  }

  updatedAt(issue: JiraIssue) {
    return new Date(jiraTime(issue.fields?.updated) || 0);
  }

  async map(
    { site, statusCategories }: JiraRun,
    { target }: QualitySourceScope<JiraProject>,
    issues: JiraIssue[],
  ): Promise<MappedPage> {
    const changes = await site.changes(issues, [
      'status',
      this.options.mapping.severityField,
    ]);
    const bugs: NormalisedBug[] = [];
    const notOurs: string[] = [];
    const skipped = await mapEachItem(
      issues,
      { kind: 'bugs', idOf: issue => issue.key ?? issue.id ?? '(no key)' },
      issue => {
        if (!issue.fields) throw new Error('fields are missing');
        const entityRef = targetEntityOf(target.targets, issue);
        if (!entityRef) {
          notOurs.push(issue.id);
          return;
        }
        bugs.push(
          issueToBug(issue, changes.get(issue.id) ?? [], {
            entityRef,
            baseUrl: this.options.baseUrl,
            mapping: this.options.mapping,
            statusCategories,
          }),
        );
      },
    );
    // Moved to a component no entity here claims: no longer this scope's.
    return { bugs, gone: { bugs: notOurs }, skipped };
  }

  readonly reconcile = {
    kind: 'bugs' as const,
    listAllIds: ({ site }: JiraRun, project: JiraProject) =>
      site.listIds(project.scopeJql, `project ${project.projectKey}`),
    stillPresent: ({ site }: JiraRun, project: JiraProject, ids: string[]) =>
      this.stillPresent(site, project.scopeJql, ids),
  };

  /** Which of the ids the scope still holds: one JQL query per hundred. */
  private async stillPresent(
    site: JiraSite,
    scopeJql: string,
    ids: string[],
  ): Promise<string[]> {
    const present: string[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100).filter(id => /^\d+$/.test(id));
      if (chunk.length > 0) {
        present.push(
          ...(await site.listIds(
            `${scopeJql} AND id in (${chunk.join(', ')})`,
          )),
        );
      }
    }
    return present;
  }

  private fields(): string[] {
    const { mapping } = this.options;
    return [
      ...new Set([
        'summary',
        'created',
        'updated',
        'status',
        'labels',
        'components',
        'issuetype',
        'issuelinks',
        mapping.severityField,
        ...(mapping.escapedField ? [mapping.escapedField] : []),
      ]),
    ];
  }

  private targetOf(entity: Entity): ScopeTarget<JiraIssue> {
    const annotations = entity.metadata.annotations ?? {};
    const component = annotations[JIRA_COMPONENT_ANNOTATION]?.trim();
    const label = annotations[JIRA_LABEL_ANNOTATION]?.trim();
    return {
      entityRef: stringifyEntityRef(entity),
      accepts:
        component || label
          ? issue =>
              (!component ||
                hasAnyOf(
                  (issue.fields.components ?? []).map(c => c.name),
                  [component],
                )) &&
              (!label || hasAnyOf(issue.fields.labels ?? [], [label]))
          : undefined,
    };
  }
}
