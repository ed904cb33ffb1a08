import {
  InitiativeFigure,
  InitiativeProgress,
  QualityInitiative,
} from '@quality-pulse/plugin-quality-common';

type Unit = QualityInitiative['unit'];

/** The metric's name, as people say it. */
export const METRIC_TITLES: Record<QualityInitiative['metric'], string> = {
  'escaped-defect-rate': 'Escaped defect rate',
  'rework-rate': 'Rework rate',
  'mttr-critical': 'P0/P1 MTTR (median)',
  'root-cause-coverage': 'Root-cause coverage',
  'postmortem-timeliness': 'Post-mortems on time',
  'aged-critical-bugs': 'Open P0/P1 bugs past the age limit',
  'actions-closed-on-time': 'Post-mortem actions closed on time',
};

export const STATE_LABELS: Record<InitiativeProgress['state'], string> = {
  'not-started': 'Not started',
  'on-track': 'On track',
  behind: 'Behind',
  reached: 'Target reached',
  'too-little-data': 'Too little data',
};

/** A value in the metric's unit: a share as a percentage, hours, a count. */
export function formatValue(unit: Unit, value: number | null): string {
  if (value === null) return '–';
  if (unit === 'ratio') return `${Math.round(value * 1000) / 10} %`;
  if (unit === 'hours') return `${Math.round(value * 10) / 10} h`;
  return String(Math.round(value * 10) / 10);
}

/** The value for a chart axis: percentages, hours or counts as numbers. */
export function plotted(unit: Unit, value: number | null): number | null {
  if (value === null) return null;
  return unit === 'ratio'
    ? Math.round(value * 1000) / 10
    : Math.round(value * 10) / 10;
}

/** A figure with what it is made of: "20 % · 20 of 100", "4.2 h · 12 incidents". */
export function formatFigure(unit: Unit, figure: InitiativeFigure): string {
  const value = formatValue(unit, figure.value);
  const few = figure.lowConfidence ? ' · too few to rate' : '';
  if (unit === 'ratio') {
    return figure.denominator === 0
      ? 'nothing to rate'
      : `${value} · ${figure.numerator} of ${figure.denominator}${few}`;
  }
  if (unit === 'hours') {
    return figure.denominator === 0
      ? 'no P0/P1 incident'
      : `${value} · ${figure.denominator} incidents${few}`;
  }
  return value;
}

/** "-50 % from the baseline", "at most 2 h", "at least 80 %". */
export function formatTarget(initiative: QualityInitiative): string {
  const { target, unit, better } = initiative;
  if (target.kind === 'relative') {
    const change = Math.round((target.change ?? 0) * 1000) / 10;
    return `${change > 0 ? '+' : ''}${change} % from the baseline`;
  }
  return `${better === 'lower' ? 'at most' : 'at least'} ${formatValue(
    unit,
    target.value ?? null,
  )}`;
}

/** Which services count, in words: "services with lifecycle production and tag pci". */
export function formatServices(
  services: NonNullable<QualityInitiative['services']>,
): string {
  const parts = (
    [
      ['type', services.type],
      ['lifecycle', services.lifecycle],
      ['tag', services.tag],
    ] as const
  )
    .filter(([, values]) => values && values.length > 0)
    .map(([field, values]) => `${field} ${values!.join(' or ')}`);
  return parts.length ? `services with ${parts.join(' and ')}` : 'all services';
}
