import { runIncrementalSync, UpdatedPage } from './incremental';

type Item = { id: string; updated: string };

/** A vendor's pages by the token that asks for them ('' = the first). */
function walk(
  pages: Record<string, UpdatedPage<Item>>,
  order: 'stable' | 'updated',
) {
  const stored: string[] = [];
  const asked: Array<string | undefined> = [];
  const run = runIncrementalSync<Item>({
    cursor: undefined,
    order,
    backfillHorizonDays: 30,
    now: () => new Date('2026-11-24T12:00:00Z'),
    checkpoint: async () => {},
    updatedAt: item => new Date(item.updated),
    fetchPage: async (_since, token) => {
      asked.push(token);
      return pages[token ?? ''];
    },
    storePage: async items => {
      stored.push(...items.map(i => i.id));
    },
  });
  return { run, stored, asked };
}

describe('runIncrementalSync', () => {
  it.each(['stable', 'updated'] as const)(
    'reads on past an empty page that names a next page (%s order)',
    async order => {
      // Older than the horizon, so the updated order keeps its window.
      const at = '2026-10-01T00:00:00Z';
      const { run, stored, asked } = walk(
        {
          '': { items: [{ id: 'a', updated: at }], nextPageToken: 'p2' },
          p2: { items: [], nextPageToken: 'p3' },
          p3: { items: [{ id: 'b', updated: at }] },
        },
        order,
      );
      await run;
      expect(asked).toEqual([undefined, 'p2', 'p3']);
      expect(stored).toEqual(['a', 'b']);
    },
  );

  it.each(['stable', 'updated'] as const)(
    'ends the walk, without asking again, where a page names itself as the next (%s order)',
    async order => {
      // Older than the horizon, so the updated order keeps its window.
      const at = '2026-10-01T00:00:00Z';
      const { run, stored, asked } = walk(
        {
          '': { items: [{ id: 'a', updated: at }], nextPageToken: 'p2' },
          p2: { items: [{ id: 'b', updated: at }], nextPageToken: 'p2' },
        },
        order,
      );
      await run;
      expect(asked).toEqual([undefined, 'p2']);
      expect(stored).toEqual(['a', 'b']);
    },
  );
});
