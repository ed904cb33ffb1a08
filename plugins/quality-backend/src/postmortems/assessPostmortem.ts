import { parse as parseYaml } from 'yaml';

/**
 * The four sections of the one-page root-cause document (PRODUCT.md,
 * "Post-mortems"), each recognised by the words teams put in its heading.
 */
export const POSTMORTEM_SECTIONS = {
  whatHappened: {
    title: 'What happened',
    headings: [/what happened/, /symptoms?/, /timeline/, /summary/, /impact/],
  },
  whyItHappened: {
    title: 'Why it happened',
    headings: [
      /why (it|this) happened/,
      /root causes?/,
      /causes?/,
      /contributing factors/,
      /why\b/,
    ],
  },
  whatWeAreChanging: {
    title: 'What we are changing',
    headings: [
      /what we('re| are| will be)? chang/,
      /action items?/,
      /actions?/,
      /follow[- ]?ups?/,
      /remediation/,
    ],
  },
  whatWeAreNotChanging: {
    title: 'What we are not changing, and why',
    headings: [/not chang/, /won'?t change/, /out of scope/, /decided against/],
  },
} as const;

export type PostmortemSection = keyof typeof POSTMORTEM_SECTIONS;

export interface PostmortemAction {
  text: string;
  /** A catalog ref or @handle, as written; null when none is named. */
  owner: string | null;
  /** YYYY-MM-DD, null when none is given. */
  due: string | null;
  /** Says what to be, not what to do ("be more careful"): no test, check or process changes. */
  vague: boolean;
  /** Ticked in the document (`- [x]`). */
  done: boolean;
  /** The first link in the item: the pull request or ticket of the fix. */
  fixUrl: string | null;
  line: number;
}

export interface PostmortemAssessment {
  title: string | null;
  frontMatter: Record<string, unknown>;
  sections: Record<PostmortemSection, boolean>;
  missingSections: PostmortemSection[];
  actions: PostmortemAction[];
  /** All four sections and at least one concrete action (owner, due date, not vague). */
  complete: boolean;
  /** Wording that points at people; for the facilitator, never shown as a score. */
  blameFlags: Array<{ line: number; phrase: string }>;
}

const VAGUE_ACTIONS = [
  /\bbe (more )?careful\b/,
  /\bpay (more )?attention\b/,
  /\btry harder\b/,
  /\bbe more (vigilant|diligent|thorough)\b/,
  /\bimprove communication\b/,
  /\bdouble[- ]check\b/,
  /\bremember to\b/,
  /\bdon'?t do (it|that|this) again\b/,
];

const BLAME_PHRASES = [
  // "We should have" is the team owning it; a named person or "they" is not.
  /\b(?!We\b)(he|she|they|[A-Z][a-z]+) should have\b/,
  /\b[A-Z][a-z]+'s fault\b/,
  /\bfault of\b/,
  /(?<!no[- ])\bblamed?\b/,
  /\bcareless(ly|ness)?\b/,
  /\bhuman error\b/,
  /\bsloppy\b/,
  /\bdidn'?t bother\b/,
];

const DATE = /\b(\d{4}-\d{2}-\d{2})\b/;
const OWNER =
  /(?:owner:?\s*|@)((?:user|group):[\w./-]+|[\w.-]+(?:\/[\w.-]+)?)/i;

interface Heading {
  line: number;
  level: number;
  text: string;
}

/** Splits YAML front matter (--- … --- at the very top) from the body. */
function splitFrontMatter(markdown: string): {
  frontMatter: Record<string, unknown>;
  body: string[];
  offset: number;
} {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  if (lines[0]?.trim() !== '---') {
    return { frontMatter: {}, body: lines, offset: 0 };
  }
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end < 0) {
    return { frontMatter: {}, body: lines, offset: 0 };
  }
  let frontMatter: Record<string, unknown> = {};
  try {
    const parsed = parseYaml(lines.slice(1, end).join('\n'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      frontMatter = parsed as Record<string, unknown>;
    }
  } catch {
    // Broken front matter is reported as none; the body is still assessed.
  }
  return { frontMatter, body: lines.slice(end + 1), offset: end + 1 };
}

/** ATX (`## Why`), setext (underlined) and bold-only lines (`**Why it happened**`) count as headings. */
function findHeadings(lines: string[]): Heading[] {
  const headings: Heading[] = [];
  let inFence = false;
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    const atx = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (atx) {
      headings.push({ line: i, level: atx[1].length, text: atx[2] });
      return;
    }
    const next = lines[i + 1]?.trim() ?? '';
    if (line.trim() && /^(=+|-+)$/.test(next) && !/^\s*[-*+]\s/.test(line)) {
      headings.push({
        line: i,
        level: next.startsWith('=') ? 1 : 2,
        text: line.trim(),
      });
      return;
    }
    const bold = /^\s*(\*\*|__)(.+?)\1:?\s*$/.exec(line);
    if (bold) {
      headings.push({ line: i, level: 7, text: bold[2] });
    }
  });
  return headings;
}

function sectionOf(heading: string): PostmortemSection | undefined {
  const text = heading.toLocaleLowerCase('en-US').replace(/[*_`:]/g, '');
  // "not changing" is checked first: its heading also contains "changing".
  const order: PostmortemSection[] = [
    'whatWeAreNotChanging',
    'whatWeAreChanging',
    'whyItHappened',
    'whatHappened',
  ];
  return order.find(section =>
    POSTMORTEM_SECTIONS[section].headings.some(pattern => pattern.test(text)),
  );
}

/**
 * Assesses a Markdown root-cause document: which of the four sections it has
 * (by heading, whatever the heading style), the actions listed under "what
 * we are changing" with owner and due date, vague actions, and wording that
 * blames people.
 */
export function assessPostmortem(markdown: string): PostmortemAssessment {
  const { frontMatter, body, offset } = splitFrontMatter(markdown);
  const headings = findHeadings(body);
  const sections: Record<PostmortemSection, boolean> = {
    whatHappened: false,
    whyItHappened: false,
    whatWeAreChanging: false,
    whatWeAreNotChanging: false,
  };
  const actions: PostmortemAction[] = [];
  headings.forEach((heading, index) => {
    const section = sectionOf(heading.text);
    if (!section) return;
    const end =
      headings.slice(index + 1).find(h => h.level <= heading.level)?.line ??
      body.length;
    const content = body
      .slice(heading.line + 1, end)
      .filter(l => !/^(=+|-+)$/.test(l.trim()));
    // A heading with nothing under it is a template left unfilled, not a section.
    if (
      !content.some(
        l => l.trim() && !/^\s*(<!--.*-->|_?TODO_?|TBD|-)\s*$/i.test(l.trim()),
      )
    ) {
      return;
    }
    sections[section] = true;
    if (section === 'whatWeAreChanging') {
      content.forEach((line, i) => {
        const item = /^\s*(?:[-*+]|\d+[.)])\s+(?:\[([ xX])\]\s*)?(.+)$/.exec(
          line,
        );
        if (!item) return;
        const text = item[2].trim();
        const lower = text.toLocaleLowerCase('en-US');
        actions.push({
          text,
          owner: OWNER.exec(text)?.[1] ?? null,
          due: DATE.exec(text)?.[1] ?? null,
          vague: VAGUE_ACTIONS.some(pattern => pattern.test(lower)),
          done: item[1]?.toLowerCase() === 'x',
          fixUrl: /https?:\/\/[^\s)>\]]+/.exec(text)?.[0] ?? null,
          line: offset + heading.line + 2 + i,
        });
      });
    }
  });

  const blameFlags: PostmortemAssessment['blameFlags'] = [];
  body.forEach((line, i) => {
    for (const pattern of BLAME_PHRASES) {
      const match = pattern.exec(line);
      if (match) {
        blameFlags.push({ line: offset + i + 1, phrase: match[0] });
        break;
      }
    }
  });

  const missingSections = (Object.keys(sections) as PostmortemSection[]).filter(
    s => !sections[s],
  );
  const title =
    typeof frontMatter.title === 'string'
      ? frontMatter.title
      : headings.find(h => h.level === 1 && !sectionOf(h.text))?.text ?? null;
  return {
    title,
    frontMatter,
    sections,
    missingSections,
    actions,
    complete:
      missingSections.length === 0 &&
      actions.some(a => a.owner !== null && a.due !== null && !a.vague),
    blameFlags,
  };
}
