import { CacheService } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';
import { ResponseCache } from './responseCache';
import { versionsOf } from '../database/entityVersions';

jest.setTimeout(60_000);

/** A shared store that keeps what it is given, as Redis does: one value per key. */
function recordingStore() {
  const values = new Map<string, unknown>();
  const store = {
    async get(key: string) {
      return values.get(key);
    },
    async set(key: string, value: unknown) {
      values.set(key, value);
    },
    async delete(key: string) {
      values.delete(key);
    },
    withOptions: () => store,
  } as unknown as CacheService;
  return { store, values };
}

/** What `send` writes: the body only. */
async function answer(
  cache: ResponseCache,
  key: string,
  value: unknown,
  entityRefs = ['component:default/a'],
) {
  let sent = '';
  const res = {
    type: () => res,
    send: (body: string) => {
      sent = body;
    },
  };
  await cache.send(res as any, key, entityRefs, async () => value);
  return JSON.parse(sent);
}

describe('ResponseCache', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function db(): Promise<Knex> {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
    return knex;
  }
  /** A write touching an entity, as the item store makes it. */
  const bump = (knex: Knex, entityRef = 'component:default/a') =>
    knex('quality_entity_versions')
      .insert({ entity_ref: entityRef, version: 1 })
      .onConflict('entity_ref')
      .merge({ version: knex.raw('quality_entity_versions.version + 1') });

  it('keeps one answer per request however often the data changes', async () => {
    const knex = await db();
    const { store, values } = recordingStore();
    const cache = new ResponseCache(refs => versionsOf(knex, refs), {
      shared: store,
    });
    for (let write = 0; write < 200; write++) {
      await bump(knex);
      for (const request of ['/org/overview', '/groups/a', '/groups/b']) {
        expect(await answer(cache, request, { write, request })).toEqual({
          write,
          request,
        });
      }
    }
    // Keyed by version, these would be 600 answers in each store.
    expect(values.size).toBe(3);
    expect(cache.size.answers).toBe(3);
  });

  it('serves a kept answer until the version moves, never an older one', async () => {
    const knex = await db();
    const { store } = recordingStore();
    const cache = new ResponseCache(refs => versionsOf(knex, refs), {
      shared: store,
    });
    expect(await answer(cache, '/x', 'first')).toBe('first');
    expect(await answer(cache, '/x', 'not computed')).toBe('first');
    // Another instance computed it already at this version: shared, not recomputed.
    const other = new ResponseCache(refs => versionsOf(knex, refs), {
      shared: store,
    });
    expect(await answer(other, '/x', 'not computed either')).toBe('first');
    await bump(knex);
    expect(await answer(other, '/x', 'second')).toBe('second');
    expect(await answer(cache, '/x', 'third')).toBe('second');
  });

  it('keeps an answer over some entities while others are written', async () => {
    const knex = await db();
    const cache = new ResponseCache(refs => versionsOf(knex, refs));
    const squad = ['component:default/a', 'component:default/b'];
    expect(await answer(cache, '/squad', 'first', squad)).toBe('first');
    await bump(knex, 'component:default/elsewhere');
    expect(await answer(cache, '/squad', 'not computed', squad)).toBe('first');
    await bump(knex, 'component:default/b');
    expect(await answer(cache, '/squad', 'second', squad)).toBe('second');
  });
});
