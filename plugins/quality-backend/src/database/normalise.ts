import {
  CompoundEntityRef,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { isSeverity, Severity } from '@quality-pulse/plugin-quality-common';

/**
 * Guards for what providers hand the store. External APIs lie; a bad item is
 * rejected with the field it got wrong, and its whole batch with it, so the
 * store never holds half of a page.
 */

/**
 * The kinds of entity that describe software (PRODUCT.md, "Entities and
 * ownership"): data is keyed to these, never to a user or group — that would
 * be per-person data by the back door.
 */
export const DEFAULT_ENTITY_KINDS = ['component', 'resource', 'system', 'api'];

/**
 * Catalog refs are case-insensitive; the store keeps them in one canonical
 * form. With `kinds`, the ref must name an entity of one of them.
 */
export function canonicalEntityRef(
  ref: unknown,
  field: string,
  kinds?: string[],
): string {
  const invalid = () =>
    new InputError(
      `${field} is not a valid entity reference: "${String(ref).slice(
        0,
        300,
      )}"`,
    );
  if (typeof ref !== 'string' || ref.length > 1024) throw invalid();
  let parsed: CompoundEntityRef;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch {
    throw invalid();
  }
  // parseEntityRef splits on ':' and '/' only; the parts must be valid names too.
  if (
    !/^[a-zA-Z][a-zA-Z0-9]*$/.test(parsed.kind) ||
    !KubernetesValidatorFunctions.isValidNamespace(parsed.namespace) ||
    !KubernetesValidatorFunctions.isValidObjectName(parsed.name)
  ) {
    throw invalid();
  }
  const kind = parsed.kind.toLocaleLowerCase('en-US');
  if (kinds && !kinds.includes(kind)) {
    throw new InputError(
      `${field} must name a ${kinds.join(
        ', ',
      )} entity, not a ${kind}: "${ref}"`,
    );
  }
  return stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
}

export function requireText(
  value: unknown,
  field: string,
  maxLength = 255,
): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`${field} must be a non-empty string`);
  }
  if (value.length > maxLength) {
    throw new InputError(`${field} must be at most ${maxLength} characters`);
  }
  return value;
}

export function requireSeverity(value: unknown, field: string): Severity {
  if (!isSeverity(value)) {
    throw new InputError(
      `${field} must be one of P0, P1, P2, P3, P4, unclassified; got "${String(
        value,
      )}"`,
    );
  }
  return value;
}

export function requireBugStatus(
  value: unknown,
  field: string,
): 'open' | 'closed' {
  if (value !== 'open' && value !== 'closed') {
    throw new InputError(
      `${field} must be open or closed; got "${String(value)}"`,
    );
  }
  return value;
}

export function requireTime(value: unknown, field: string): number {
  const millis = value instanceof Date ? value.getTime() : Number.NaN;
  if (!Number.isFinite(millis)) {
    throw new InputError(`${field} must be a valid date`);
  }
  return millis;
}

export function optionalTime(value: unknown, field: string): number | null {
  return value === undefined || value === null
    ? null
    : requireTime(value, field);
}

/** pg returns bigint and numeric columns as strings; SQLite returns numbers. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function toNullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : toNumber(value);
}

/** Labels are matched without case; a bug names each once. */
export function requireLabels(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) {
    throw new InputError(`${field} must be a list of labels`);
  }
  const labels = value.map((label, i) =>
    requireText(label, `${field}[${i}]`).trim().toLocaleLowerCase('en-US'),
  );
  return [...new Set(labels)];
}

/** A calendar day, YYYY-MM-DD, that exists. */
export function requireDay(value: unknown, field: string): string {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    throw new InputError(
      `${field} must be a date written YYYY-MM-DD; got "${String(value)}"`,
    );
  }
  return value;
}

/** An action owner: a catalog user or group; a bare name is read as a user. */
export function requireOwnerRef(value: unknown, field: string): string {
  const text = requireText(value, field).replace(/^@/, '');
  let parsed: CompoundEntityRef;
  try {
    parsed = parseEntityRef(text, {
      defaultKind: 'user',
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(`${field} is not a catalog user or group: "${text}"`);
  }
  const kind = parsed.kind.toLocaleLowerCase('en-US');
  if (
    (kind !== 'user' && kind !== 'group') ||
    !KubernetesValidatorFunctions.isValidObjectName(parsed.name)
  ) {
    throw new InputError(
      `${field} must name a catalog user or group; got "${text}"`,
    );
  }
  return stringifyEntityRef({ ...parsed, kind }).toLocaleLowerCase('en-US');
}

export const ACTION_STATUSES = ['open', 'done', 'dropped'] as const;

export function requireActionStatus(
  value: unknown,
  field: string,
): (typeof ACTION_STATUSES)[number] {
  if (!ACTION_STATUSES.includes(value as any)) {
    throw new InputError(
      `${field} must be one of ${ACTION_STATUSES.join(', ')}; got "${String(
        value,
      )}"`,
    );
  }
  return value as (typeof ACTION_STATUSES)[number];
}

/** A link to a fix or a document: http(s) only, so the UI never renders a script URL. */
export function requireHttpUrl(value: unknown, field: string): string {
  const text = requireText(value, field, 2048);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`${field} must be an http(s) URL; got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`${field} must be an http(s) URL; got "${text}"`);
  }
  return text;
}
