import {
  BudgetState,
  LOW_CONFIDENCE_DENOMINATOR,
  QualityBudget,
  Severity,
  SEVERITIES,
} from '@quality-pulse/plugin-quality-common';
import { describeBudgetUse } from '../metrics/qualityBudget';
import { ScopeFacts } from '../metrics/scorecardFacts';
import { formatHours, formatPercent } from '../metrics/formatFigures';

/** One squad's daily quality pulse: aggregates only, never per person. */
export interface PulseDigest {
  groupRef: string;
  title: string;
  /** The squad's local date, YYYY-MM-DD. */
  date: string;
  openBugs: Array<{ severity: Severity; now: number; yesterday: number }>;
  openTotal: { now: number; yesterday: number };
  escaped: { numerator: number; denominator: number; lowConfidence: boolean };
  windowDays: number;
  mttrCritical: { count: number; medianHours: number | null };
  budget: QualityBudget | null;
  postmortems: { due: number; late: number };
  /** Initiatives whose state the squad changed in the last day. */
  initiatives: Array<{ title: string; from: string; to: string }>;
}

export function buildDigest(options: {
  groupRef: string;
  title: string;
  date: string;
  facts: ScopeFacts;
  openYesterday: Partial<Record<Severity, number>>;
  windowDays: number;
  initiatives?: PulseDigest['initiatives'];
}): PulseDigest {
  const { facts } = options;
  const openBugs = SEVERITIES.map(severity => ({
    severity,
    now: facts.open[severity],
    yesterday: options.openYesterday[severity] ?? 0,
  }));
  return {
    groupRef: options.groupRef,
    title: options.title,
    date: options.date,
    openBugs,
    openTotal: {
      now: openBugs.reduce((sum, s) => sum + s.now, 0),
      yesterday: openBugs.reduce((sum, s) => sum + s.yesterday, 0),
    },
    escaped: {
      ...facts.escaped,
      lowConfidence: facts.escaped.denominator < LOW_CONFIDENCE_DENOMINATOR,
    },
    windowDays: options.windowDays,
    mttrCritical: {
      count: facts.mttrCritical.count,
      medianHours:
        facts.mttrCritical.medianMs === null
          ? null
          : facts.mttrCritical.medianMs / 3_600_000,
    },
    budget: facts.budget,
    postmortems: {
      due: facts.postmortems.pending,
      late: facts.postmortems.late,
    },
    initiatives: options.initiatives ?? [],
  };
}

function change(now: number, yesterday: number): string {
  const delta = now - yesterday;
  if (delta === 0) {
    return 'no change since yesterday';
  }
  return `${delta > 0 ? '+' : '−'}${Math.abs(delta)} since yesterday`;
}

const BUDGET_WORDS: Record<BudgetState, string> = {
  within: 'within budget',
  'at-risk': 'at risk',
  breached: 'breached — the next sprint is a bug-fix sprint',
};

const STATE_WORDS: Record<string, string> = {
  'not-started': 'not started',
  'on-track': 'on track',
  behind: 'behind its trajectory',
  reached: 'at its target',
  'too-little-data': 'too little data to tell',
};

/** The initiatives whose state changed, as one line; none when none did. */
function initiativeLine(digest: PulseDigest): string[] {
  const changed = digest.initiatives
    .filter(i => i.from !== i.to)
    .map(
      i =>
        `${i.title} — now ${STATE_WORDS[i.to] ?? i.to} (was ${
          STATE_WORDS[i.from] ?? i.from
        })`,
    );
  return changed.length > 0 ? [`Initiatives: ${changed.join('; ')}`] : [];
}

/** The digest as lines of plain text: the notification's description and Slack's fallback. */
export function digestLines(digest: PulseDigest): string[] {
  const bySeverity = digest.openBugs
    .filter(s => s.now > 0 || s.yesterday > 0)
    .map(s => {
      const delta = s.now - s.yesterday;
      const shown =
        delta === 0 ? '' : ` (${delta > 0 ? '+' : '−'}${Math.abs(delta)})`;
      return `${s.severity} ${s.now}${shown}`;
    })
    .join(', ');
  const { numerator, denominator, lowConfidence } = digest.escaped;
  const escaped = lowConfidence
    ? `too few to rate — ${numerator} of ${denominator} bugs created in ${digest.windowDays} days escaped`
    : `${formatPercent(
        numerator / denominator,
      )} (${numerator} of ${denominator} bugs created in ${
        digest.windowDays
      } days)`;
  const mttr =
    digest.mttrCritical.medianHours === null
      ? `no P0/P1 incident resolved in ${digest.windowDays} days`
      : `median ${formatHours(digest.mttrCritical.medianHours)} over ${
          digest.mttrCritical.count
        } P0/P1 incidents`;
  const budget = digest.budget
    ? `${BUDGET_WORDS[digest.budget.state]} — ${describeBudgetUse(
        digest.budget,
      )}`
    : 'no budget (not a team)';
  const postmortems =
    digest.postmortems.due === 0 && digest.postmortems.late === 0
      ? 'none due'
      : `${digest.postmortems.due} due within 5 working days, ${digest.postmortems.late} late`;
  return [
    `Open bugs: ${digest.openTotal.now} (${change(
      digest.openTotal.now,
      digest.openTotal.yesterday,
    )})${bySeverity ? ` — ${bySeverity}` : ''}`,
    `Escaped defect rate: ${escaped}`,
    `MTTR: ${mttr}`,
    `Quality budget: ${budget}`,
    `Post-mortems: ${postmortems}`,
    ...initiativeLine(digest),
  ];
}

/** Slack's incoming-webhook message: a header, the lines as a section, a link to the squad's tab. */
export function slackMessage(digest: PulseDigest, link: string) {
  const lines = digestLines(digest);
  const heading = `Quality pulse — ${digest.title}, ${digest.date}`;
  return {
    text: `${heading}\n${lines.join('\n')}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: heading } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: lines.map(l => `• ${escapeMrkdwn(l)}`).join('\n'),
        },
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `<${link}|Open the squad's Quality tab>` },
        ],
      },
    ],
  };
}

/** Slack reads &, < and > as markup in mrkdwn (links, mentions): escape them. */
function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
