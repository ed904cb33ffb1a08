import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { BudgetCeilings } from '@quality-pulse/plugin-quality-common';
import { QualityMetrics } from '../metrics/QualityMetrics';
import { QualityAccess } from '../service/access';

/** What the squad, org and figure actions read with. */
export interface ActionReaders {
  actionsRegistry: ActionsRegistryService;
  access: QualityAccess;
  metrics: QualityMetrics;
  defaultWindowDays: number;
  budgetCeilings: BudgetCeilings;
  now?: () => number;
}

/** A service or squad an assistant asks about, as the caller sees it. */
export interface ActionScope {
  ref: string;
  kind: 'entity' | 'squad';
}

/**
 * The entity an action is asked about: a full reference as given, or a bare
 * name, a component first, then a group. One the caller cannot see is the
 * same "not found" as one that does not exist.
 */
export async function visibleScope(
  access: QualityAccess,
  credentials: BackstageCredentials,
  input: string,
): Promise<ActionScope> {
  const candidates = candidateRefs(input);
  for (const ref of candidates) {
    if (await access.canSee(credentials, ref)) {
      return { ref, kind: ref.startsWith('group:') ? 'squad' : 'entity' };
    }
  }
  throw new NotFoundError(
    `No catalog entity ${candidates.join(' or ')}, or not visible to you`,
  );
}

/** A bare name is a component first, then a group; a full ref is taken as given. */
function candidateRefs(input: string): string[] {
  const text = input.trim();
  const parse = (defaultKind: string): CompoundEntityRef => {
    try {
      return parseEntityRef(text, { defaultKind, defaultNamespace: 'default' });
    } catch {
      throw new InputError(`entityRef is not an entity reference: "${text}"`);
    }
  };
  const refs = [stringifyEntityRef(parse('component'))];
  if (!text.includes(':')) {
    refs.push(stringifyEntityRef(parse('group')));
  }
  return refs.map(ref => ref.toLocaleLowerCase('en-US'));
}

/** The zod of the registry, as an action's schema receives it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Zod = any;

/** The input naming the service or squad an action is about. */
export const scopeInput = (z: Zod) =>
  z
    .string()
    .min(1)
    .describe('A service or squad: payments-api, group:default/payments-squad');

/** The input naming a squad. */
export const squadInput = (z: Zod) =>
  z.string().min(1).describe('Group reference or name, e.g. payments-squad');

/** Every quality action only reads. */
export const READ_ONLY = {
  readOnly: true,
  idempotent: true,
  destructive: false,
};

/** A duration in hours to one decimal, as the actions report it; null stays null. */
export function roundedHours(ms: number | null): number | null {
  return ms === null ? null : Math.round((ms / 3_600_000) * 10) / 10;
}

/** A bare name is a group in the default namespace. */
export function groupRefOf(input: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(input.trim(), {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(`squad is not a group reference: "${input}"`);
  }
}
