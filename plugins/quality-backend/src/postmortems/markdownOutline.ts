/**
 * The outline of a Markdown document that the assessment needs — headings,
 * list items, fenced code — found by plain string scanning, one pass over the
 * lines. No regular expression runs on a whole line here: documents come from
 * any repository or pasted link, and a backtracking pattern on one crafted
 * line can hold the event loop for minutes (issue 17).
 */

/** A line longer than this is prose: it is never read as a heading, list item or underline. */
export const MAX_STRUCTURE_LINE = 4_000;

export interface OutlineHeading {
  /** Index into the lines. */
  line: number;
  /** 1–6 for ATX and setext headings, 7 for a bold-only line. */
  level: number;
  text: string;
  /** The line after the heading that underlines it (setext), if any. */
  underline: boolean;
}

export interface OutlineListItem {
  line: number;
  /** `[x]` or `[X]` after the bullet. */
  ticked: boolean;
  text: string;
}

export interface MarkdownOutline {
  headings: OutlineHeading[];
  items: OutlineListItem[];
  /** Lines that are inside a fenced code block (or are its fence). */
  inCode: boolean[];
}

const isSpace = (c: string) => c === ' ' || c === '\t';

/** Index of the first character after up to `max` leading spaces, or -1 when there are more. */
function afterIndent(line: string, max: number): number {
  let i = 0;
  while (i < line.length && isSpace(line[i])) {
    if (i >= max) return -1;
    i += 1;
  }
  return i;
}

function leadingSpaces(line: string): number {
  let i = 0;
  while (i < line.length && isSpace(line[i])) i += 1;
  return i;
}

/** ``` or ~~~ (three or more) after any indent: the fence character and its length. */
function fenceOf(line: string): { char: string; length: number } | undefined {
  const start = leadingSpaces(line);
  const char = line[start];
  if (char !== '`' && char !== '~') return undefined;
  let end = start;
  while (line[end] === char) end += 1;
  return end - start >= 3 ? { char, length: end - start } : undefined;
}

/** `## Why it happened ##` → level 2, "Why it happened". */
function atxHeading(line: string): { level: number; text: string } | undefined {
  const start = afterIndent(line, 3);
  if (start < 0 || line[start] !== '#') return undefined;
  let hashes = start;
  while (line[hashes] === '#') hashes += 1;
  const level = hashes - start;
  let end = line.length;
  while (end > hashes && isSpace(line[end - 1])) end -= 1;
  // `#` alone, `#hashtag` and seven #s are text.
  if (level > 6 || end === hashes || !isSpace(line[hashes])) return undefined;
  // A closing run of #s counts only after a space (CommonMark): `# C#` keeps its #.
  let closing = end;
  while (closing > hashes && line[closing - 1] === '#') closing -= 1;
  if (closing === hashes || isSpace(line[closing - 1])) end = closing;
  return { level, text: line.slice(hashes, end).trim() };
}

/** A line of only `=` or only `-` (after trimming) underlines the line above it. */
export function underlineLevel(line: string): 1 | 2 | undefined {
  const text = line.trim();
  if (text.length === 0) return undefined;
  const char = text[0];
  if (char !== '=' && char !== '-') return undefined;
  for (let i = 1; i < text.length; i++) {
    if (text[i] !== char) return undefined;
  }
  return char === '=' ? 1 : 2;
}

/** `- item`, `* item`, `+ item`, `1. item`, `2) item`, with an optional `[ ]` / `[x]`. */
export function listItem(
  line: string,
): { ticked: boolean; text: string } | undefined {
  let i = leadingSpaces(line);
  if (line[i] === '-' || line[i] === '*' || line[i] === '+') {
    i += 1;
  } else {
    const digits = i;
    while (line[i] >= '0' && line[i] <= '9') i += 1;
    if (i === digits || (line[i] !== '.' && line[i] !== ')')) return undefined;
    i += 1;
  }
  if (!isSpace(line[i] ?? '')) return undefined;
  while (isSpace(line[i] ?? '')) i += 1;
  let ticked = false;
  if (line[i] === '[' && line[i + 2] === ']' && ' xX'.includes(line[i + 1])) {
    ticked = line[i + 1] !== ' ';
    i += 3;
  }
  const text = line.slice(i).trim();
  return text ? { ticked, text } : undefined;
}

/** `**Why it happened**` or `__Follow-ups__:` alone on its line. */
function boldHeading(line: string): string | undefined {
  let text = line.trim();
  if (text.endsWith(':')) text = text.slice(0, -1);
  const mark = text.slice(0, 2);
  if ((mark !== '**' && mark !== '__') || text.length < 5) return undefined;
  if (!text.endsWith(mark)) return undefined;
  const inner = text.slice(2, -2);
  return inner.trim() ? inner : undefined;
}

/**
 * One pass over the lines: ATX, setext and bold-only headings and list items
 * outside fenced code. A fence closes with the same character, at least as
 * long; an unclosed fence runs to the end of the document.
 */
export function outlineOf(lines: string[]): MarkdownOutline {
  const headings: OutlineHeading[] = [];
  const items: OutlineListItem[] = [];
  const inCode = new Array<boolean>(lines.length).fill(false);
  let fence: { char: string; length: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > MAX_STRUCTURE_LINE) continue;
    const fenceHere = fenceOf(line);
    if (fence) {
      inCode[i] = true;
      if (
        fenceHere &&
        fenceHere.char === fence.char &&
        fenceHere.length >= fence.length &&
        line.trim().length === fenceHere.length
      ) {
        fence = undefined;
      }
      continue;
    }
    if (fenceHere) {
      fence = fenceHere;
      inCode[i] = true;
      continue;
    }
    const atx = atxHeading(line);
    if (atx) {
      headings.push({ line: i, ...atx, underline: false });
      continue;
    }
    const item = listItem(line);
    const next = lines[i + 1];
    const underline =
      next !== undefined && next.length <= MAX_STRUCTURE_LINE
        ? underlineLevel(next)
        : undefined;
    if (underline && line.trim() && !item) {
      headings.push({
        line: i,
        level: underline,
        text: line.trim(),
        underline: true,
      });
      i += 1; // the underline is not content
      continue;
    }
    if (item) {
      items.push({ line: i, ...item });
      continue;
    }
    const bold = boldHeading(line);
    if (bold)
      headings.push({ line: i, level: 7, text: bold, underline: false });
  }
  return { headings, items, inCode };
}

/**
 * Where each heading's section ends: at the next heading of the same or a
 * higher level (a smaller number), else at the end. One pass with a stack.
 */
export function sectionEnds(
  headings: OutlineHeading[],
  lineCount: number,
): number[] {
  const ends = new Array<number>(headings.length).fill(lineCount);
  const open: number[] = [];
  headings.forEach((heading, index) => {
    while (
      open.length > 0 &&
      headings[open[open.length - 1]].level >= heading.level
    ) {
      ends[open.pop()!] = heading.line;
    }
    open.push(index);
  });
  return ends;
}
