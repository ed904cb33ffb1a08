/**
 * Durations as people read them on a dashboard: minutes under an hour, hours
 * and minutes under two days, then days and hours. The end-to-end test relies
 * on these rules to compare the page with the API.
 */
export function formatDuration(ms: number | null): string {
  if (ms === null) {
    return '—';
  }
  const minutes = Math.round(ms / 60000);
  if (minutes < 1) {
    return '< 1 min';
  }
  if (minutes < 60) {
    return `${minutes} min`;
  }
  if (minutes < 48 * 60) {
    return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  }
  return `${Math.floor(minutes / 1440)} d ${Math.floor(
    (minutes % 1440) / 60,
  )} h`;
}
