import { Config } from '@backstage/config';
import { BudgetCeilings } from '@quality-pulse/plugin-quality-common';
import { DEFAULT_CEILINGS } from './metrics/qualityBudget';
import { DEFAULT_ENTITY_KINDS } from './database/normalise';

/**
 * The org-wide budget ceilings from `quality.budget`, PRODUCT.md's defaults
 * where unset. A ceiling that is not a whole number stops the backend at
 * start-up rather than silently changing what "breached" means.
 */
export function readBudgetCeilings(config: Config): BudgetCeilings {
  const budget = config.getOptionalConfig('quality.budget');
  const read = (key: keyof BudgetCeilings) => {
    const value = budget?.getOptionalNumber(key);
    if (value === undefined) {
      return DEFAULT_CEILINGS[key];
    }
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(
        `quality.budget.${key} must be a whole number of at least 0, got ${value}`,
      );
    }
    return value;
  };
  return {
    maxOpenP2: read('maxOpenP2'),
    maxAgedCritical: read('maxAgedCritical'),
    criticalMaxAgeDays: read('criticalMaxAgeDays'),
  };
}

/**
 * The entity kinds items may be keyed to (`quality.entityKinds`): kinds that
 * describe software. User and Group are refused whatever the config says —
 * data keyed to a person is what the product never stores.
 */
export function readEntityKinds(config: Config): string[] {
  const kinds = (
    config.getOptionalStringArray('quality.entityKinds') ?? DEFAULT_ENTITY_KINDS
  ).map(kind => kind.toLocaleLowerCase('en-US'));
  const personal = kinds.filter(kind => kind === 'user' || kind === 'group');
  if (personal.length > 0) {
    throw new Error(
      `quality.entityKinds must not include ${personal.join(
        ' or ',
      )}: quality data is kept per service and squad, never per person`,
    );
  }
  return kinds;
}
