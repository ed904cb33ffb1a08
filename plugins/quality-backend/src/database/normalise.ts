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

/** Catalog refs are case-insensitive; the store keeps them in one canonical form. */
export function canonicalEntityRef(ref: string, field: string): string {
  const invalid = () =>
    new InputError(`${field} is not a valid entity reference: "${ref}"`);
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
