import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  entitiesByAnnotation,
  entitiesOfInstance,
  hasAnyOf,
  NormalisedBug,
  QualityProvider,
  QualityProviderSyncContext,
  RequestBudget,
  runIncrementalSync,
  ScopeTarget,
  targetEntityOf,
  VendorCaller,
  vendorCaller,
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

export interface JiraQualityProviderOptions {
  /** The provider id: `jira-<instance>`. */
  id: string;
  instance: string;
  /** Whether this instance reads entities without a `quality.backstage.io/jira-instance` annotation. */
  isDefaultInstance: boolean;
  baseUrl: string;
  /** Opens the site for one run; every call goes through `call` (the run's budget and retries). */
  connect(call: VendorCaller): Promise<JiraSite>;
  /** Requests one run may make, retries included. */
  requestBudget: number;
  mapping: JiraMapping;
  issueTypes: string[];
  backfillDays: number;
  reconcileHours: number;
  schedule?: SchedulerServiceTaskScheduleDefinition;
  now?: () => Date;
}

const quote = (value: string) => `"${value.replace(/(["\\])/g, '\\$1')}"`;

/**
 * Reads the bugs of every Jira project the catalog names, one scope per
 * project. Entities that share a project are told apart by `jira/component`
 * or `jira/label`; an entity with neither takes the project's other bugs.
 */
export class JiraQualityProvider implements QualityProvider {
  readonly id: string;
  readonly reads = ['bugs'] as const;
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;

  constructor(private readonly options: JiraQualityProviderOptions) {
    this.id = options.id;
    this.schedule = options.schedule;
  }

  async sync(context: QualityProviderSyncContext): Promise<void> {
    const projects = entitiesByAnnotation(
      entitiesOfInstance(context.entities, {
        annotation: JIRA_INSTANCE_ANNOTATION,
        instance: this.options.instance,
        isDefault: this.options.isDefaultInstance,
      }),
      JIRA_PROJECT_KEY_ANNOTATION,
      key => key.toUpperCase(),
    );
    if (projects.size === 0) {
      return;
    }
    // Connected and asked once per run, inside the first scope, so that a
    // rejected token or a bad site config shows on every scope's status.
    let shared:
      | Promise<
          [JiraSite, string, Awaited<ReturnType<JiraSite['statusCategories']>>]
        >
      | undefined;
    const sharedFacts = () =>
      (shared ??= this.options
        .connect(
          vendorCaller({
            budget: new RequestBudget(this.options.requestBudget),
            signal: context.signal,
            logger: context.logger,
          }),
        )
        .then(site =>
          Promise.all([site, site.timeZone(), site.statusCategories()]),
        ));

    for (const [projectKey, entities] of projects) {
      if (context.signal.aborted) {
        return;
      }
      const targets = entities.map(entity => this.targetOf(entity));
      await context.runScope(
        `project ${projectKey}`,
        async (cursor, scoped) => {
          const [site, timeZone, statusCategories] = await sharedFacts();
          const scopeJql = `project = ${quote(
            projectKey,
          )} AND issuetype in (${this.options.issueTypes
            .map(quote)
            .join(', ')})`;
          return runIncrementalSync<JiraIssue>({
            cursor,
            checkpoint: scoped.checkpoint,
            backfillHorizonDays: this.options.backfillDays,
            reconcileIntervalHours: this.options.reconcileHours,
            filterPrecisionMs: 60_000, // JQL dates stop at minutes
            now: this.options.now,
            signal: context.signal,
            fetchPage: (since, pageToken) => {
              return site
                .search(
                  `${scopeJql} AND updated >= "${jqlDate(
                    since,
                    timeZone,
                  )}" ORDER BY updated ASC, key ASC`,
                  this.fields(),
                  pageToken,
                  `project ${projectKey}`,
                )
                .then(page => ({
                  items: page.issues,
                  nextPageToken: page.nextPageToken,
                }));
            },
            updatedAt: issue => new Date(jiraTime(issue.fields?.updated) || 0),
            storePage: async issues => {
              const changes = await site.changes(issues, [
                'status',
                this.options.mapping.severityField,
              ]);
              const bugs: NormalisedBug[] = [];
              const notOurs: string[] = [];
              for (const issue of issues) {
                try {
                  if (!issue.fields) {
                    throw new Error('fields are missing');
                  }
                  const entityRef = targetEntityOf(targets, issue);
                  if (!entityRef) {
                    notOurs.push(issue.id);
                    continue;
                  }
                  bugs.push(
                    issueToBug(issue, changes.get(issue.id) ?? [], {
                      entityRef,
                      baseUrl: this.options.baseUrl,
                      mapping: this.options.mapping,
                      statusCategories,
                    }),
                  );
                } catch (error) {
                  scoped.skip(
                    'bugs',
                    issue.key ?? issue.id ?? '(no key)',
                    (error as Error).message,
                  );
                }
              }
              await scoped.sink.upsertBugs(bugs);
              // Moved to a component no entity here claims: no longer this scope's.
              await scoped.sink.deleteItems('bugs', notOurs);
            },
            listAllIds: () => site.listIds(scopeJql, `project ${projectKey}`),
            removeMissing: ids =>
              scoped.sink.removeMissing('bugs', ids, {
                stillPresent: candidates =>
                  this.stillPresent(site, scopeJql, candidates),
              }),
          });
        },
        { entityRefs: entities.map(entity => stringifyEntityRef(entity)) },
      );
    }
  }

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
