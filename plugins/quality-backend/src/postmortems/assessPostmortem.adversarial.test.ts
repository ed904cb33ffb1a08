import fc from 'fast-check';
import { ADVERSARIAL_DOCUMENTS } from '../__testUtils__/adversarialMarkdown';
import { assessPostmortem, PostmortemSection } from './assessPostmortem';
import { MAX_DOCUMENT_BYTES } from './documentLimits';

/**
 * A deliberately generous bound: the linear assessor takes a few milliseconds
 * per document (`npm run bench:postmortems`), the backtracking one it replaced
 * took seconds to minutes on these. A loaded CI machine stays far inside it.
 */
const GENEROUS_BOUND_MS = 1_000;

function timed(markdown: string) {
  const started = performance.now();
  const assessment = assessPostmortem(markdown);
  return { assessment, ms: performance.now() - started };
}

describe('assessPostmortem on hostile input', () => {
  it.each(Object.entries(ADVERSARIAL_DOCUMENTS))(
    'assesses "%s" (up to the size limit) within the bound',
    (_name, markdown) => {
      expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(
        MAX_DOCUMENT_BYTES,
      );
      const { assessment, ms } = timed(markdown);
      expect(ms).toBeLessThan(GENEROUS_BOUND_MS);
      expect(assessment.missingSections.length).toBeLessThanOrEqual(4);
    },
  );

  it('still reads what the crafted documents say', () => {
    // The outline is right, not just fast: an unclosed fence hides what follows it.
    expect(
      assessPostmortem(ADVERSARIAL_DOCUMENTS['unclosed fence']).sections,
    ).toEqual({
      whatHappened: true,
      whyItHappened: false,
      whatWeAreChanging: false,
      whatWeAreNotChanging: false,
    });
    const many = assessPostmortem(
      ADVERSARIAL_DOCUMENTS['list items, many, with owners and dates'],
    );
    expect(many.actions.length).toBeGreaterThan(4_000);
    expect(many.actions[0]).toMatchObject({
      owner: 'a',
      due: '2026-01-01',
      done: true,
      fixUrl: 'https://x.y/z',
    });
    // Front matter that the parser would spend long on is read as none.
    expect(
      assessPostmortem(ADVERSARIAL_DOCUMENTS['front matter of nested lists'])
        .frontMatter,
    ).toEqual({});
    // A heading line of 256 KB is prose, not a heading.
    expect(
      assessPostmortem(ADVERSARIAL_DOCUMENTS['heading of spaces']).title,
    ).toBeNull();
  });

  const SECTION_HEADINGS: Record<PostmortemSection, string[]> = {
    whatHappened: ['What happened', 'Timeline', 'Summary', 'Impact'],
    whyItHappened: ['Why it happened', 'Root cause', 'Contributing factors'],
    whatWeAreChanging: ['What we are changing', 'Action items', 'Follow-ups'],
    whatWeAreNotChanging: ['What we are not changing', 'Out of scope'],
  };
  const SECTIONS = Object.keys(SECTION_HEADINGS) as PostmortemSection[];

  // Random Markdown lines, with the characters the patterns key on.
  const noise = fc.oneof(
    fc.string({
      unit: fc.constantFrom(
        ' ',
        '#',
        '*',
        '_',
        '-',
        '=',
        '`',
        '~',
        '[',
        ']',
        'x',
        '1',
        '.',
        ')',
        '@',
        ':',
        '<',
        '!',
        '>',
        '\t',
      ),
      maxLength: 200,
    }),
    fc
      .tuple(
        fc.constantFrom('#', '##', '######', '-', '*', '1.', '```', '**'),
        fc.string({ maxLength: 80 }),
      )
      .map(([mark, text]) => `${mark} ${text}`),
    fc.constantFrom(
      '',
      '---',
      '===',
      '<!-- todo -->',
      'TBD',
      '- [x] done, owner: @a, due 2026-01-01',
    ),
  );

  it('assesses random Markdown within the bound, the same way every time', () => {
    fc.assert(
      fc.property(
        fc.array(noise, { maxLength: 400 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        (lines, newline) => {
          const markdown = lines.join(newline);
          const { assessment, ms } = timed(markdown);
          expect(ms).toBeLessThan(GENEROUS_BOUND_MS);
          expect(assessPostmortem(markdown)).toEqual(assessment);
          const lineCount = markdown.split(/\r\n?|\n/).length;
          for (const action of assessment.actions) {
            expect(action.line).toBeGreaterThanOrEqual(1);
            expect(action.line).toBeLessThanOrEqual(lineCount);
          }
          // Complete means no section is missing.
          expect(
            assessment.complete && assessment.missingSections.length > 0,
          ).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds exactly the sections a generated document fills, whatever the heading style', () => {
    const section = fc.record({
      section: fc.constantFrom(...SECTIONS),
      heading: fc.nat(10),
      filled: fc.boolean(),
    });
    // Sections side by side, one style and level per document: a section nested in
    // another is the outer one's content.
    fc.assert(
      fc.property(
        fc.array(section, { maxLength: 8 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom('atx', 'setext', 'bold'),
        (parts, level, style) => {
          const markdown = parts
            .map(part => {
              const names = SECTION_HEADINGS[part.section];
              const name = names[part.heading % names.length];
              const heading =
                // eslint-disable-next-line no-nested-ternary
                style === 'atx'
                  ? `${'#'.repeat(level)} ${name}`
                  : style === 'setext'
                  ? `${name}\n${'-'.repeat(name.length)}`
                  : `**${name}**`;
              const body = part.filled ? 'Something the team wrote.' : 'TBD';
              return `${heading}\n${body}\n`;
            })
            .join('\n');
          const expected = Object.fromEntries(
            SECTIONS.map(s => [
              s,
              parts.some(part => part.section === s && part.filled),
            ]),
          );
          expect(assessPostmortem(markdown).sections).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
