import { InitiativeStateChange } from '../database/InitiativeStateStore';
import { formatHours, formatPercent } from '../metrics/formatFigures';
import { INITIATIVE_METRICS } from '../metrics/initiativeFigures';
import type { InitiativeDefinition } from './definitions';

/** A value in the metric's unit, for a sentence. */
export function initiativeValueText(
  definition: InitiativeDefinition,
  value: number | null,
): string {
  if (value === null) return 'no value';
  const { unit } = INITIATIVE_METRICS[definition.metric];
  if (unit === 'ratio') return formatPercent(value);
  if (unit === 'hours') return formatHours(value);
  return String(Math.round(value * 10) / 10);
}

/**
 * The notification to a squad that fell behind its initiative's trajectory
 * or reached its target; other changes are for the daily pulse only. In the
 * product's words, naming the squad, never a person.
 */
export function initiativeChangeMessage(
  definition: InitiativeDefinition,
  change: InitiativeStateChange,
  squadTitle: string,
):
  | { title: string; description: string; severity: 'normal' | 'low' }
  | undefined {
  const value = initiativeValueText(definition, change.value);
  if (change.to === 'behind') {
    return {
      title: `Behind on "${definition.title}": ${squadTitle}`,
      description: `Now ${value}, against ${initiativeValueText(
        definition,
        change.expected,
      )} on the trajectory to the target. ${definition.why}`,
      severity: 'normal',
    };
  }
  if (change.to === 'reached') {
    return {
      title: `Target reached on "${definition.title}": ${squadTitle}`,
      description: `Now ${value}: the target is reached — the rituals paid off.`,
      severity: 'low',
    };
  }
  return undefined;
}
