/** Whole percentages as such, others to one decimal: 15 % passes "at most 15 %", 15.4 % does not. */
export function formatPercent(rate: number): string {
  const tenths = Math.round(rate * 1000);
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)} %`;
}

/** Under an hour in minutes, else hours to one decimal: "45 min", "3.2 h". */
export function formatHours(hours: number): string {
  if (hours < 1) {
    return `${Math.round(hours * 60)} min`;
  }
  return `${Number(hours.toFixed(1))} h`;
}
