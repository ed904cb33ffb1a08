import { TimelineEvent, TimelineIncident } from '../metrics/incidentTimeline';

/** A Markdown table: UTC time, time since the start, and what happened. */
export function timelineMarkdown(
  incident: TimelineIncident,
  events: TimelineEvent[],
): string {
  const started = Date.parse(incident.startedAt);
  const rows = events.map(({ at, event, url }) => {
    const time = `${at.slice(0, 10)} ${at.slice(11, 16)}`;
    const text = url ? `[${escapeCell(event)}](${url})` : escapeCell(event);
    return `| ${time} | ${sinceStart(Date.parse(at) - started)} | ${text} |`;
  });
  return [
    '| Time (UTC) | Since start | Event |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The document's first line: linked title, severity, start and how long it lasted. */
export function incidentSummary(incident: TimelineIncident): string {
  const title = incident.url
    ? `[${incident.title}](${incident.url})`
    : incident.title;
  const start = `${incident.startedAt.slice(0, 10)} ${incident.startedAt.slice(
    11,
    16,
  )} UTC`;
  const end = incident.resolvedAt
    ? `resolved after ${sinceStart(
        Date.parse(incident.resolvedAt) - Date.parse(incident.startedAt),
      ).slice(1)}`
    : 'still open';
  return `${title} · ${incident.severity} · started ${start} · ${end}`;
}

function sinceStart(ms: number): string {
  const sign = ms < 0 ? '−' : '+';
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${sign}${rest} min`;
  return `${sign}${hours} h ${String(rest).padStart(2, '0')} min`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}
