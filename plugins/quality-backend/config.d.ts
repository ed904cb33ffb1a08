import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Quality Pulse */
  quality?: {
    /**
     * Window, in days, of the windowed metrics (MTTR, escaped defect rate, …)
     * when a request does not name one. PRODUCT.md fixes the default at 90.
     * @visibility frontend
     */
    defaultWindowDays?: number;
    /**
     * Entity kinds that bugs, incidents, post-mortems and deployments may be
     * keyed to, from providers and pushes alike; an item keyed to another
     * kind is refused. Default: component, resource, system, api. User and
     * Group are never accepted: nothing is stored per person.
     */
    entityKinds?: string[];
    /**
     * Org-wide quality budget ceilings (PRODUCT.md). A group overrides them with
     * the annotations quality.backstage.io/budget-max-open-p2,
     * quality.backstage.io/budget-max-aged-critical and
     * quality.backstage.io/budget-critical-max-age-days.
     */
    /**
     * Quality initiatives: a metric the suite computes, moved from its
     * baseline at the start to a target by the deadline over a scope of
     * catalog groups. Policy, like the scorecards: no override button.
     */
    initiatives?: Array<{
      /** Lower-case letters, digits and -; stable, it keys the initiative. */
      id: string;
      title: string;
      /** One paragraph shown to the squads it includes. */
      why: string;
      /**
       * escaped-defect-rate, rework-rate, mttr-critical (P0/P1 median, hours),
       * root-cause-coverage, postmortem-timeliness (share on time),
       * aged-critical-bugs (open P0/P1 older than the budget's age limit),
       * actions-closed-on-time (post-mortem actions done by their due day).
       */
      metric:
        | 'escaped-defect-rate'
        | 'rework-rate'
        | 'mttr-critical'
        | 'root-cause-coverage'
        | 'postmortem-timeliness'
        | 'aged-critical-bugs'
        | 'actions-closed-on-time';
      /** The catalog group sponsoring it (group:default/engineering or a bare name). */
      sponsor: string;
      /**
       * The group whose squads and sub-groups it includes; default: the
       * sponsor's. A list of departments or squads: only they count, shown in
       * the sponsor's tree.
       */
      scope?: string | string[];
      /**
       * Which of the scope's services count, as scorecard checks filter them:
       * each listed field must match one of its values. Default: all.
       */
      filter?: {
        /** spec.type, e.g. service, website. */
        type?: string[];
        /** spec.lifecycle, e.g. production. */
        lifecycle?: string[];
        /** metadata.tags */
        tag?: string[];
      };
      /** First day, YYYY-MM-DD (UTC). */
      start: string;
      /** Last day, YYYY-MM-DD (UTC). */
      deadline: string;
      /** An absolute value (a share as 0.08, hours, a count) or a change from the baseline: "-50%". */
      target: number | string;
      /** Days each value reads, up to it; the baseline reads the days before the start. Default 30. */
      windowDays?: number;
    }>;

    /**
     * Scorecards (issue 7): levels and checks as policy. Without this key the
     * default Bronze/Silver/Gold levels and nine checks of PRODUCT.md apply.
     */
    scorecards?: {
      /**
       * How often every scorecard is evaluated; default every 30 minutes.
       * One instance runs it at a time.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Levels, lowest first; default bronze, silver, gold. */
      levels?: Array<{
        id: string;
        title?: string;
      }>;
      /**
       * Checks by id. An id of a default check changes only the fields given
       * (or removes it with enabled: false); a new id adds a check, which then
       * needs metric, operator, threshold, severity and level.
       */
      checks?: Array<{
        id: string;
        enabled?: boolean;
        title?: string;
        description?: string;
        /**
         * entitiesWithoutDataSource, agedCriticalBugs, openCriticalBugs,
         * openBugs, budgetState, escapedDefectRate, reworkRate,
         * rootCauseCoverage, lateCriticalPostmortems, mttrCriticalMedianHours,
         * burnDownRisingWeeks. Ratios are fractions (0.15), durations hours.
         */
        metric?: string;
        operator?: '<' | '<=' | '>' | '>=' | '==' | '!=';
        /** A number, or for budgetState one of within, at-risk, breached (ordered). */
        threshold?: number | string;
        /** error: failing gives fail; warning: failing gives warn, which never holds a level back. */
        severity?: 'error' | 'warning';
        level?: string;
        /** Apply only to matching entities (every given field must match one of its values). */
        filter?: {
          /** component (services) or group (squads) */
          kind?: string[];
          type?: string[];
          lifecycle?: string[];
          tag?: string[];
        };
      }>;
    };
    /** Root-cause documents (issue 8). */
    postmortems?: {
      documents?: {
        /**
         * Read the Markdown documents of entities annotated
         * quality.backstage.io/postmortems through the UrlReader; default true.
         */
        enabled?: boolean;
        /** How often the documents are read; default that of every source. One instance runs it at a time. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
    /** Quality champion rotation, shown on the squad tab. A group's own annotations override its entry. */
    champions?: {
      /** Length of a term in weeks, 1 to 52; default 6. */
      termWeeks?: number;
      groups?: Array<{
        /** A group reference, e.g. group:default/payments-squad. */
        group: string;
        /** Catalog users (or groups) in turn; a bare name is a user. */
        members: string[];
        /** YYYY-MM-DD of the first term's start; terms count from Monday 5 January 1970 without it. */
        startsOn?: string;
        termWeeks?: number;
      }>;
    };
    /** Budget breach/recovery notifications and the pulse as Backstage notifications. */
    notifications?: {
      /** Default true; false when the notifications backend is not installed. */
      enabled?: boolean;
    };
    /** The daily quality pulse: one digest per squad. */
    pulse?: {
      /** Default true. */
      enabled?: boolean;
      /** Local time of day, HH:mm (24-hour); default 09:00. */
      time?: string;
      /** IANA time zone of `time`; default UTC. */
      timeZone?: string;
      /** Skip Saturdays and Sundays; default true. */
      weekdaysOnly?: boolean;
      /**
       * How often the pulse checks whether it is time to send; default every
       * 5 minutes. One instance runs it at a time; a digest is sent once.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Slack incoming webhooks, one per squad. Kept in config (not in catalog
       * annotations) because a webhook URL lets anyone post to the channel.
       */
      slack?: Array<{
        /** The squad, e.g. group:default/payments-squad */
        group: string;
        /** @visibility secret */
        webhookUrl: string;
      }>;
    };
    budget?: {
      /** Most open P2 bugs a squad may carry; default 20. */
      maxOpenP2?: number;
      /** Most open P0/P1 bugs older than criticalMaxAgeDays; default 0. */
      maxAgedCritical?: number;
      /** Age in days after which an open P0/P1 bug counts against the budget; default 7. */
      criticalMaxAgeDays?: number;
    };
  };
}
