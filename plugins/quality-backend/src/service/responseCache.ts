import { CacheService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import express from 'express';
import { Knex } from 'knex';
import { currentDataVersion } from '../database/dataVersion';

/**
 * How long a cached answer may be served when nothing was written: the
 * window's end moves with the clock and the catalog can change ownership, so
 * figures are at most this old even when no item changed.
 */
export const ANSWER_TTL_MS = 60_000;
/** Characters of JSON kept in this process (the org overview is about 1 MB). */
const LOCAL_BUDGET = 64 * 2 ** 20;

/**
 * Answers of the read endpoints, kept as JSON text under the data version: a
 * write of any item moves the version in its own transaction, so a cached
 * answer is never served after the data under it changed, on any instance.
 * Two levels: this process's memory (no copy, no parse — a 1 MB org overview
 * is sent as stored) and `coreServices.cache` (memory, Redis or Memcache as
 * the installation configures it), shared by instances. Concurrent misses of
 * one key share one computation.
 */
export class ResponseCache {
  private readonly computing = new Map<string, Promise<string>>();
  private readonly local = new Map<
    string,
    { body: string; expiresAt: number }
  >();
  private localSize = 0;

  constructor(
    private readonly cache: CacheService,
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sends the answer for `key`, computing it only when no fresh one is kept. */
  async send(
    res: express.Response,
    key: string,
    compute: () => Promise<unknown>,
  ): Promise<void> {
    const body = await this.body(key, compute);
    res.type('application/json').send(body);
  }

  private async body(
    key: string,
    compute: () => Promise<unknown>,
  ): Promise<string> {
    const version = await currentDataVersion(this.db);
    const cacheKey = `answer:${version}:${createHash('sha256')
      .update(key)
      .digest('base64url')}`;
    const kept = this.local.get(cacheKey);
    if (kept && kept.expiresAt > this.now()) return kept.body;
    const running = this.computing.get(cacheKey);
    if (running) return running;
    const computation = (async () => {
      const shared = await this.cache.get(cacheKey);
      const body =
        typeof shared === 'string' ? shared : JSON.stringify(await compute());
      if (typeof shared !== 'string') {
        await this.cache.set(cacheKey, body, { ttl: ANSWER_TTL_MS });
      }
      this.keep(cacheKey, body);
      return body;
    })().finally(() => this.computing.delete(cacheKey));
    this.computing.set(cacheKey, computation);
    return computation;
  }

  private keep(cacheKey: string, body: string) {
    const previous = this.local.get(cacheKey);
    if (previous) this.localSize -= previous.body.length;
    this.local.delete(cacheKey);
    this.local.set(cacheKey, { body, expiresAt: this.now() + ANSWER_TTL_MS });
    this.localSize += body.length;
    // Oldest first: answers of an old version are never asked for again.
    for (const [oldKey, entry] of this.local) {
      if (this.localSize <= LOCAL_BUDGET) break;
      this.local.delete(oldKey);
      this.localSize -= entry.body.length;
    }
  }
}
