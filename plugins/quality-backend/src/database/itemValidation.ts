import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import {
  NormalisedBug,
  NormalisedDeployment,
  NormalisedIncident,
  NormalisedPostmortem,
  PostmortemActionItem,
} from '@quality-pulse/plugin-quality-node';
import {
  canonicalEntityRef,
  optionalTime,
  requireActionStatus,
  requireBugStatus,
  requireDay,
  requireHttpUrl,
  requireLabels,
  requireOwnerRef,
  requireSeverity,
  requireText,
  requireTime,
} from './normalise';

/**
 * What a provider or a push hands the store, checked item by item before
 * anything is written: pure functions from an item to the rows it becomes,
 * throwing an InputError that names the field. External APIs lie and pushes
 * can be hostile (issue 17): items are keyed to software entities only (no
 * person), links are http(s), times are not in the future.
 */
export interface ValidationRules {
  source: string;
  scope: string | null;
  /** When the item is stored; also the clock "the future" is measured against. */
  syncedAt: number;
  /** Entity kinds items may be keyed to, lower case. */
  entityKinds: string[];
}

/** Clocks drift and time zones confuse; a day ahead is a bad item. */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

function time(value: unknown, field: string, rules: ValidationRules): number {
  const millis = requireTime(value, field);
  if (millis > rules.syncedAt + FUTURE_TOLERANCE_MS) {
    throw new InputError(
      `${field} is more than 24 hours in the future: ${new Date(
        millis,
      ).toISOString()}`,
    );
  }
  return millis;
}

function optionalFutureCheckedTime(
  value: unknown,
  field: string,
  rules: ValidationRules,
): number | null {
  return optionalTime(value, field) === null ? null : time(value, field, rules);
}

function entityRef(value: unknown, field: string, rules: ValidationRules) {
  return canonicalEntityRef(value, field, rules.entityKinds);
}

function optionalUrl(value: unknown, field: string): string | null {
  return value === undefined || value === null
    ? null
    : requireHttpUrl(value, field);
}

export function validateBug(
  bug: NormalisedBug,
  index: number,
  rules: ValidationRules,
) {
  const field = `bugs[${index}]`;
  if (!Array.isArray(bug.history) || bug.history.length === 0) {
    throw new InputError(
      `${field}.history must hold at least the opening entry`,
    );
  }
  const history = bug.history.map((entry, seq) => ({
    seq,
    changed_at: time(entry.at, `${field}.history[${seq}].at`, rules),
    status: requireBugStatus(entry.status, `${field}.history[${seq}].status`),
    severity: requireSeverity(
      entry.severity,
      `${field}.history[${seq}].severity`,
    ),
    entity_ref: entityRef(
      entry.entityRef,
      `${field}.history[${seq}].entityRef`,
      rules,
    ),
  }));
  if (history[0].status !== 'open') {
    throw new InputError(
      `${field}.history must begin with the bug opening (status open)`,
    );
  }
  for (let i = 1; i < history.length; i++) {
    if (history[i].changed_at < history[i - 1].changed_at) {
      throw new InputError(`${field}.history must be ordered oldest first`);
    }
  }
  const current = history[history.length - 1];
  // A bug is fixed when its final closed run began: an entry a tracker adds
  // when a closed bug is relabelled (issue 18) neither moves nor relabels the fix.
  let fixed = history.length - 1;
  while (fixed > 0 && history[fixed - 1].status === 'closed') fixed -= 1;
  const row = {
    source: rules.source,
    scope: rules.scope,
    external_id: requireText(bug.externalId, `${field}.externalId`),
    entity_ref: current.entity_ref,
    title: requireText(bug.title, `${field}.title`, 4096),
    url: optionalUrl(bug.url, `${field}.url`),
    severity: current.severity,
    status: current.status,
    escaped: Boolean(bug.escaped),
    created_at: history[0].changed_at,
    resolved_at: current.status === 'closed' ? history[fixed].changed_at : null,
    resolved_severity:
      current.status === 'closed' ? history[fixed].severity : null,
    synced_at: rules.syncedAt,
  };
  const labels =
    bug.labels === undefined
      ? undefined
      : requireLabels(bug.labels, `${field}.labels`);
  return { row, children: history, labels };
}

export type ValidatedBug = ReturnType<typeof validateBug>;

export function validateIncident(
  incident: NormalisedIncident,
  index: number,
  rules: ValidationRules,
) {
  const field = `incidents[${index}]`;
  const startedAt = time(incident.startedAt, `${field}.startedAt`, rules);
  const resolvedAt = optionalFutureCheckedTime(
    incident.resolvedAt,
    `${field}.resolvedAt`,
    rules,
  );
  if (resolvedAt !== null && resolvedAt < startedAt) {
    throw new InputError(`${field}.resolvedAt must not be before startedAt`);
  }
  return {
    source: rules.source,
    scope: rules.scope,
    external_id: requireText(incident.externalId, `${field}.externalId`),
    incident_key:
      incident.incidentKey === undefined
        ? null
        : requireText(incident.incidentKey, `${field}.incidentKey`),
    entity_ref: entityRef(incident.entityRef, `${field}.entityRef`, rules),
    title: requireText(incident.title, `${field}.title`, 4096),
    url: optionalUrl(incident.url, `${field}.url`),
    severity: requireSeverity(incident.severity, `${field}.severity`),
    started_at: startedAt,
    acknowledged_at: optionalFutureCheckedTime(
      incident.acknowledgedAt,
      `${field}.acknowledgedAt`,
      rules,
    ),
    resolved_at: resolvedAt,
    synced_at: rules.syncedAt,
  };
}

export function validateDeployment(
  deployment: NormalisedDeployment,
  index: number,
  rules: ValidationRules,
) {
  const field = `deployments[${index}]`;
  return {
    source: rules.source,
    scope: rules.scope,
    external_id: requireText(deployment.externalId, `${field}.externalId`),
    entity_ref: entityRef(deployment.entityRef, `${field}.entityRef`, rules),
    deployed_at: time(deployment.deployedAt, `${field}.deployedAt`, rules),
    remediation: Boolean(deployment.remediation),
    url: optionalUrl(deployment.url, `${field}.url`),
    synced_at: rules.syncedAt,
  };
}

export function validatePostmortem(
  postmortem: NormalisedPostmortem,
  index: number,
  rules: ValidationRules,
) {
  const field = `postmortems[${index}]`;
  const subjects = (postmortem.subjects ?? []).map((subject, s) => {
    if (subject.kind !== 'incident' && subject.kind !== 'bug') {
      throw new InputError(
        `${field}.subjects[${s}].kind must be incident or bug`,
      );
    }
    return {
      subject_kind: subject.kind,
      subject_source: subject.source ?? rules.source,
      subject_external_id: requireText(
        subject.externalId,
        `${field}.subjects[${s}].externalId`,
      ),
    };
  });
  return {
    row: {
      source: rules.source,
      scope: rules.scope,
      external_id: requireText(postmortem.externalId, `${field}.externalId`),
      entity_ref: entityRef(postmortem.entityRef, `${field}.entityRef`, rules),
      title: requireText(postmortem.title, `${field}.title`, 4096),
      url: requireHttpUrl(postmortem.url, `${field}.url`),
      published_at: optionalFutureCheckedTime(
        postmortem.publishedAt,
        `${field}.publishedAt`,
        rules,
      ),
      complete:
        typeof postmortem.complete === 'boolean' ? postmortem.complete : null,
      assessment:
        postmortem.assessment === undefined
          ? null
          : JSON.stringify(postmortem.assessment),
      not_assessed_reason:
        postmortem.notAssessedReason === undefined
          ? null
          : requireText(
              postmortem.notAssessedReason,
              `${field}.notAssessedReason`,
            ),
      synced_at: rules.syncedAt,
    },
    actions:
      postmortem.actions === undefined
        ? undefined
        : validateActions(postmortem.actions, `${field}.actions`),
    // A subject named twice is one link.
    children: [
      ...new Map(
        subjects.map(subject => [
          `${subject.subject_kind}\u0000${subject.subject_source}\u0000${subject.subject_external_id}`,
          subject,
        ]),
      ).values(),
    ],
  };
}

export interface ValidatedAction {
  action_key: string;
  text: string;
  owner_ref: string | null;
  due_date: string | null;
  vague: boolean;
  stated_status: string | null;
  stated_fix_url: string | null;
}

function validateActions(
  actions: PostmortemActionItem[],
  field: string,
): ValidatedAction[] {
  if (!Array.isArray(actions)) {
    throw new InputError(`${field} must be a list`);
  }
  const byKey = new Map<string, ValidatedAction>();
  actions.forEach((action, i) => {
    const text = requireText(action.text, `${field}[${i}].text`, 2048);
    const key = actionKey(text);
    if (byKey.has(key)) return;
    byKey.set(key, {
      action_key: key,
      text,
      owner_ref:
        action.owner === undefined
          ? null
          : requireOwnerRef(action.owner, `${field}[${i}].owner`),
      due_date:
        action.due === undefined
          ? null
          : requireDay(action.due, `${field}[${i}].due`),
      vague: Boolean(action.vague),
      stated_status:
        action.status === undefined
          ? null
          : requireActionStatus(action.status, `${field}[${i}].status`),
      stated_fix_url:
        action.fixUrl === undefined
          ? null
          : requireHttpUrl(action.fixUrl, `${field}[${i}].fixUrl`),
    });
  });
  return [...byKey.values()];
}

/**
 * What the action is, without its owner, due date, tick or links: editing
 * those in the document keeps the action the same one.
 */
export function actionKey(text: string): string {
  const gist = text
    .toLocaleLowerCase('en-US')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\d{4}-\d{2}-\d{2}/g, ' ')
    .replace(/(owner:?\s*|@)\S+/g, ' ')
    .replace(/\b(due|by)\b/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return createHash('sha256').update(gist).digest('hex').slice(0, 40);
}
