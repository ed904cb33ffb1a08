import { parse as parseYaml } from 'yaml';
import {
  MAX_STRUCTURE_LINE,
  OutlineListItem,
  outlineOf,
  sectionEnds,
  underlineLevel,
} from './markdownOutline';

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

/** Every blame phrase holds one of these words: lines without any skip the patterns. */
const BLAME_WORDS =
  /should have|fault|blame|careless|human error|sloppy|bother/i;
/** Every vague action holds one of these. */
const VAGUE_WORDS =
  /careful|attention|harder|more|communication|check|remember|again/;

const DATE = /\b(\d{4}-\d{2}-\d{2})\b/;
const OWNER =
  /(?:owner:?\s*|@)((?:user|group):[\w./-]+|[\w.-]+(?:\/[\w.-]+)?)/i;
const FIX_URL = /https?:\/\/[^\s)>\]]+/;

/** Front matter longer than this is not metadata: the document is read as having none. */
const MAX_FRONT_MATTER_LINES = 200;
const MAX_FRONT_MATTER_CHARS = 8 * 1024;
/** The YAML parser's time grows with flow nesting (`[[[…`); metadata is flat. */
const MAX_FLOW_DEPTH = 32;

function flowDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if ((c === ']' || c === '}') && depth > 0) depth -= 1;
  }
  return deepest;
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
  let end = -1;
  for (let i = 1; i < Math.min(lines.length, MAX_FRONT_MATTER_LINES); i++) {
    const text = lines[i].trimEnd();
    if (text === '---' || text === '...') {
      end = i;
      break;
    }
  }
  if (end < 0) {
    return { frontMatter: {}, body: lines, offset: 0 };
  }
  const yamlText = lines.slice(1, end).join('\n');
  if (
    yamlText.length > MAX_FRONT_MATTER_CHARS ||
    flowDepth(yamlText) > MAX_FLOW_DEPTH
  ) {
    return { frontMatter: {}, body: lines.slice(end + 1), offset: end + 1 };
  }
  let frontMatter: Record<string, unknown> = {};
  try {
    // yaml caps alias expansion (maxAliasCount) on its own.
    const parsed = parseYaml(yamlText);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      frontMatter = parsed as Record<string, unknown>;
    }
  } catch {
    // Broken front matter is reported as none; the body is still assessed.
  }
  return { frontMatter, body: lines.slice(end + 1), offset: end + 1 };
}

function sectionOf(heading: string): PostmortemSection | undefined {
  const text = heading.toLowerCase().replace(/[*_`:]/g, '');
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

/** A line that says something: not blank, not an underline, not a template placeholder. */
function isMeaningful(line: string): boolean {
  const text = line.trim();
  if (text === '' || text === '-' || underlineLevel(text)) return false;
  if (text.startsWith('<!--') && text.endsWith('-->')) return false;
  // TODO, _TODO_, TBD: short words, so the lower-casing is cheap.
  if (text.length > 6) return true;
  const word = text.toLowerCase().replace(/^_|_$/g, '');
  return word !== 'todo' && word !== 'tbd';
}

/**
 * For each line, the index of the first meaningful line at or after it; a
 * heading says nothing of its own, so a section holding only empty
 * sub-sections is empty.
 */
function nextMeaningfulLines(
  lines: string[],
  headingLines: Set<number>,
): Int32Array {
  const next = new Int32Array(lines.length + 1).fill(lines.length);
  for (let i = lines.length - 1; i >= 0; i--) {
    next[i] = !headingLines.has(i) && isMeaningful(lines[i]) ? i : next[i + 1];
  }
  return next;
}

function isVague(lower: string): boolean {
  return (
    VAGUE_WORDS.test(lower) &&
    VAGUE_ACTIONS.some(pattern => pattern.test(lower))
  );
}

function toAction(item: OutlineListItem, lineNumber: number): PostmortemAction {
  const text = item.text;
  return {
    text,
    owner: OWNER.exec(text)?.[1] ?? null,
    due: DATE.exec(text)?.[1] ?? null,
    vague: isVague(text.toLowerCase()),
    done: item.ticked,
    fixUrl: FIX_URL.exec(text)?.[0] ?? null,
    line: lineNumber,
  };
}

/**
 * Assesses a Markdown root-cause document: which of the four sections it has
 * (by heading, whatever the heading style), the actions listed under "what
 * we are changing" with owner and due date, vague actions, and wording that
 * blames people. Linear in the document's length: one outline pass, section
 * ends from a stack, and each list item read once.
 */
export function assessPostmortem(markdown: string): PostmortemAssessment {
  const { frontMatter, body, offset } = splitFrontMatter(markdown);
  const { headings, items } = outlineOf(body);
  const ends = sectionEnds(headings, body.length);
  const nextMeaningful = nextMeaningfulLines(
    body,
    new Set(headings.map(h => h.line)),
  );
  const sections: Record<PostmortemSection, boolean> = {
    whatHappened: false,
    whyItHappened: false,
    whatWeAreChanging: false,
    whatWeAreNotChanging: false,
  };
  const actionLines = new Set<number>();
  const actions: PostmortemAction[] = [];
  let item = 0;
  // Documents repeat headings ("### Notes"): each distinct text is classified once.
  const known = new Map<string, PostmortemSection | undefined>();
  const classify = (text: string) => {
    if (!known.has(text)) known.set(text, sectionOf(text));
    return known.get(text);
  };
  headings.forEach((heading, index) => {
    const section = classify(heading.text);
    if (!section) return;
    const start = heading.line + (heading.underline ? 2 : 1);
    const end = ends[index];
    // A heading with nothing under it is a template left unfilled, not a section.
    if (start >= end || nextMeaningful[start] >= end) return;
    sections[section] = true;
    if (section !== 'whatWeAreChanging') return;
    // Headings come in line order, so the item cursor only moves forward;
    // a nested "changing" section re-reads its lines at most once more.
    while (item < items.length && items[item].line < start) item += 1;
    for (let i = item; i < items.length && items[i].line < end; i++) {
      if (actionLines.has(items[i].line)) continue;
      actionLines.add(items[i].line);
      actions.push(toAction(items[i], offset + items[i].line + 1));
    }
  });
  actions.sort((a, b) => a.line - b.line);

  const blameFlags: PostmortemAssessment['blameFlags'] = [];
  body.forEach((line, i) => {
    // Blame wording sits in sentences, not in a minified blob: read the start of a long line.
    const sentence = line.slice(0, MAX_STRUCTURE_LINE);
    if (!BLAME_WORDS.test(sentence)) return;
    for (const pattern of BLAME_PHRASES) {
      const match = pattern.exec(sentence);
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
      : headings.find(h => h.level === 1 && !classify(h.text))?.text ?? null;
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
