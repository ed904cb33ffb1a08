import type { Severity } from './schema/openapi/generated/models';

/**
 * The normalised severity scale shared by bugs and incidents (PRODUCT.md,
 * "Normalised data"): P0 is critical, P4 is trivial, and items a source did
 * not classify stay `unclassified` rather than being guessed.
 *
 * @public
 */
export const SEVERITIES = [
  'P0',
  'P1',
  'P2',
  'P3',
  'P4',
  'unclassified',
] as const satisfies readonly Severity[];

// Every severity of the API contract is listed above (a compile error otherwise).
const everySeverityListed: Exclude<Severity, (typeof SEVERITIES)[number]> extends never
  ? true
  : never = true;
void everySeverityListed;

/** @public */
export const SEVERITY_LABELS: Record<Severity, string> = {
  P0: 'P0 · critical',
  P1: 'P1 · high',
  P2: 'P2 · medium',
  P3: 'P3 · low',
  P4: 'P4 · trivial',
  unclassified: 'Unclassified',
};

/** @public */
export function isSeverity(value: unknown): value is Severity {
  return (
    typeof value === 'string' &&
    (SEVERITIES as readonly string[]).includes(value)
  );
}
