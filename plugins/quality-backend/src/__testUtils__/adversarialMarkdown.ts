// Test helper: Markdown crafted to make a parser slow, each up to the size limit.
import { MAX_DOCUMENT_BYTES } from '../postmortems/documentLimits';

/** Repeats `unit` as often as fits in `bytes`, then adds `tail`. */
function fill(unit: string, tail = '', bytes = MAX_DOCUMENT_BYTES): string {
  const times = Math.floor((bytes - tail.length) / unit.length);
  return unit.repeat(Math.max(0, times)) + tail;
}

const CHANGING = '## What we are changing\n';

/**
 * Documents that hit the shapes a backtracking pattern or a quadratic scan
 * chokes on: long heading lines, thousands of headings, long list items,
 * deep nesting, unclosed fences. Every one is at most MAX_DOCUMENT_BYTES.
 */
export const ADVERSARIAL_DOCUMENTS: Record<string, string> = {
  'heading of spaces': `# a${' '.repeat(MAX_DOCUMENT_BYTES - 8)}b\n`,
  'heading of spaces and hashes': `# a${fill(
    ' #',
    'x',
    MAX_DOCUMENT_BYTES - 3,
  )}`,
  'closing hashes without end': `## ${fill('#', ' x', MAX_DOCUMENT_BYTES - 3)}`,
  'thousands of identical headings': fill('# why\n'),
  'thousands of distinct headings': Array.from(
    { length: Math.floor(MAX_DOCUMENT_BYTES / 16) },
    (_, i) => `# cause ${i}\n`,
  ).join(''),
  'headings nested six deep, repeated': fill(
    '# why\n## action items\n### what happened\n#### why\n##### follow-ups\n###### timeline\n**root cause**\n- x\n',
  ),
  'setext underline pairs': fill('why\n===\n'),
  'one long underline': `Why\n${'='.repeat(MAX_DOCUMENT_BYTES - 5)}`,
  'bold line without an end': `**${'*'.repeat(MAX_DOCUMENT_BYTES - 4)}`,
  'bold lines, many': fill('**why it happened**\n'),
  'list item of spaces': `${CHANGING}- ${' '.repeat(
    MAX_DOCUMENT_BYTES - CHANGING.length - 4,
  )}x`,
  'list items, many, with owners and dates': `${CHANGING}${fill(
    '- [x] add a check owner: @a due 2026-01-01 https://x.y/z\n',
    '',
    MAX_DOCUMENT_BYTES - CHANGING.length,
  )}`,
  'owner followed by spaces': `${CHANGING}- owner:${' '.repeat(
    MAX_DOCUMENT_BYTES - CHANGING.length - 12,
  )}!`,
  'owners, many, on one line': `${CHANGING}- ${fill(
    'owner @',
    '',
    MAX_DOCUMENT_BYTES - CHANGING.length - 3,
  )}`,
  'digits that are almost a date': `${CHANGING}- ${fill(
    '1234-56-7',
    '',
    MAX_DOCUMENT_BYTES - CHANGING.length - 3,
  )}`,
  'deeply nested list': fill('  '.repeat(60).concat('- item\n')),
  'deeply nested quotes': fill('> '.repeat(500).concat('# why\n')),
  'numbered item of digits': `${CHANGING}${'9'.repeat(
    MAX_DOCUMENT_BYTES - CHANGING.length - 2,
  )}.`,
  'unclosed fence': `## What happened\n\`\`\`\n${fill(
    '# why\n- x\n',
    '',
    MAX_DOCUMENT_BYTES - 21,
  )}`,
  'fences, many, unbalanced': fill('```\n~~~~\n# why\n````\n'),
  'blame wording shapes': fill('Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa should hav '),
  'one capitalised word': `A${'a'.repeat(MAX_DOCUMENT_BYTES - 2)}`,
  'comment that never closes': `## What happened\n<!--${fill(
    '-- ',
    '',
    MAX_DOCUMENT_BYTES - 24,
  )}`,
  'carriage returns only': fill('# why\r- x\r'),
  'front matter that never closes': `---\n${fill('a: b\n')}`,
  'front matter of nested lists': `---\nx: ${'['.repeat(
    8_000,
  )}\n---\n# What happened\nx\n`,
  'front matter of aliases': `---\n${Array.from(
    { length: 9 },
    (_, i) =>
      `a${i + 1}: &a${i + 1} [${Array(9)
        .fill(i === 0 ? '"lol"' : `*a${i}`)
        .join(',')}]`,
  ).join('\n')}\n---\n# What happened\nx\n`,
};
