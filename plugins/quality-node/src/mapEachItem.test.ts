import { z } from 'zod';
import { VendorHttpError } from './http';
import { mapEachItem } from './mapEachItem';

const schema = z.object({ id: z.string(), severity: z.enum(['P0', 'P1']) });
type Item = z.infer<typeof schema>;

describe('mapEachItem', () => {
  it('skips raw items that fail the schema, naming the field, and maps the rest', async () => {
    const mapped: string[] = [];
    const skipped = await mapEachItem(
      [
        { id: 'A-1', severity: 'P0' },
        { id: 'A-2', severity: 'P9' },
        'not an object',
        { id: 'A-3', severity: 'P1' },
      ],
      { kind: 'bugs', schema, idOf: item => item.id },
      item => {
        mapped.push(item.id);
      },
    );
    expect(mapped).toEqual(['A-1', 'A-3']);
    expect(skipped).toEqual([
      {
        kind: 'bugs',
        externalId: 'A-2',
        reason: expect.stringContaining('severity'),
      },
      { kind: 'bugs', externalId: '(no id)', reason: expect.any(String) },
    ]);
  });

  it('maps items an SDK already typed, skipping the one whose mapping throws by the id people see', async () => {
    const items = [
      { number: 1, title: 'ok' },
      { number: 2, title: '' },
      { number: 3, title: 'ok too' },
    ];
    const mapped: number[] = [];
    const skipped = await mapEachItem(
      items,
      { kind: 'bugs', idOf: item => `acme/shop#${item.number}` },
      item => {
        if (!item.title) throw new Error('the issue has no title');
        mapped.push(item.number);
      },
    );
    expect(mapped).toEqual([1, 3]);
    expect(skipped).toEqual([
      {
        kind: 'bugs',
        externalId: 'acme/shop#2',
        reason: 'the issue has no title',
      },
    ]);
  });

  it('ends the page on an error of a call the mapping made, for the engine to retry', async () => {
    const mapped: string[] = [];
    await expect(
      mapEachItem(
        [{ id: 'A-1', severity: 'P0' } as Item, { id: 'A-2', severity: 'P1' }],
        { kind: 'incidents', idOf: item => item.id },
        async item => {
          if (item.id === 'A-2') {
            throw new VendorHttpError(503, {}, 'the timeline call failed');
          }
          mapped.push(item.id);
        },
      ),
    ).rejects.toMatchObject({ status: 503 });
    expect(mapped).toEqual(['A-1']);
  });
});
