import { CacheService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import express from 'express';
import { ScopeVersions } from '../database/entityVersions';

/**
 * How long a cached answer may be served when nothing was written: the
 * window's end moves with the clock and the catalog can change ownership, so
 * figures are at most this old even when no item changed.
 */
export const ANSWER_TTL_MS = 60_000;
/** Characters of JSON kept in this process (the org overview is about 1 MB). */
const LOCAL_BUDGET = 64 * 2 ** 20;

interface KeptAnswer {
  version: string;
  body: string;
  expiresAt: number;
}

/**
 * Answers of the read endpoints, kept as JSON text with the version of the
 * data under them — of the entities the answer covers: a write moves the
 * versions of the entities it touches in its own transaction, so a kept
 * answer is never served after the data under it changed, on any instance,
 * and survives writes to other entities. Keys are the requests, not the versions: the
 * next answer to a request replaces the previous one, so writes do not pile
 * up old answers (issue 17 measured them growing without bound).
 *
 * Two levels: this process's memory, an LRU bounded by size (no copy, no
 * parse — a 1 MB org overview is sent as stored), and, where the
 * installation configures a shared store (Redis, Memcache), that store, so
 * instances share answers. The in-memory store of `coreServices.cache` only
 * forgets a key when it is read again, so it is not used for answers.
 * Concurrent misses of one request share one computation.
 */
export class ResponseCache {
  private readonly computing = new Map<string, Promise<string>>();
  private readonly local = new Map<string, KeptAnswer>();
  private localSize = 0;

  constructor(
    /** The versions of the data under an answer over these entities: a write touching one moves them. */
    private readonly dataVersions: (
      entityRefs: string[],
    ) => Promise<ScopeVersions>,
    private readonly options: {
      /** A store shared by instances; left out for the in-memory default. */
      shared?: CacheService;
      /** The database's id, so a recreated database never meets answers kept from the old one. */
      epoch?: () => Promise<string>;
      now?: () => number;
    } = {},
  ) {}

  /**
   * Sends the answer for `key`, an answer over `entityRefs`, computing it
   * only when no fresh one is kept. `compute` gets the versions the answer
   * is kept by, read once: its parts can be kept by the same (KeptParts).
   */
  async send(
    res: express.Response,
    key: string,
    entityRefs: string[],
    compute: (versions: ScopeVersions) => Promise<unknown>,
  ): Promise<void> {
    const body = await this.body(key, entityRefs, compute);
    res.type('application/json').send(body);
  }

  /** Answers held in this process, for the soak benchmark. */
  get size(): { answers: number; characters: number } {
    return { answers: this.local.size, characters: this.localSize };
  }

  private epochOnce?: Promise<string>;

  /** Read once: the database's id does not change while the backend runs. */
  private epoch(): Promise<string> {
    if (!this.options.epoch) return Promise.resolve('');
    this.epochOnce ??= this.options.epoch().catch(error => {
      this.epochOnce = undefined;
      throw error;
    });
    return this.epochOnce;
  }

  private now() {
    return (this.options.now ?? Date.now)();
  }

  private async body(
    key: string,
    entityRefs: string[],
    compute: (versions: ScopeVersions) => Promise<unknown>,
  ): Promise<string> {
    const versions = await this.dataVersions(entityRefs);
    const version = versions.answer;
    const cacheKey = `answer:${createHash('sha256')
      .update(`${await this.epoch()}|${key}`)
      .digest('base64url')}`;
    const kept = this.local.get(cacheKey);
    if (kept && kept.version === version && kept.expiresAt > this.now()) {
      this.touch(cacheKey, kept);
      return kept.body;
    }
    const computingKey = `${version}|${cacheKey}`;
    const running = this.computing.get(computingKey);
    if (running) return running;
    const computation = (async () => {
      const body =
        (await this.fromShared(cacheKey, version)) ??
        (await this.computeAndShare(cacheKey, version, () =>
          compute(versions),
        ));
      this.keep(cacheKey, {
        version,
        body,
        expiresAt: this.now() + ANSWER_TTL_MS,
      });
      return body;
    })().finally(() => this.computing.delete(computingKey));
    this.computing.set(computingKey, computation);
    return computation;
  }

  /** The shared store's answer, if it was computed at this version: `<version>\n<body>`. */
  private async fromShared(
    cacheKey: string,
    version: string,
  ): Promise<string | undefined> {
    const shared = await this.options.shared?.get(cacheKey);
    if (typeof shared !== 'string') return undefined;
    const newline = shared.indexOf('\n');
    return shared.slice(0, newline) === version
      ? shared.slice(newline + 1)
      : undefined;
  }

  private async computeAndShare(
    cacheKey: string,
    version: string,
    compute: () => Promise<unknown>,
  ): Promise<string> {
    const body = JSON.stringify(await compute());
    await this.options.shared?.set(cacheKey, `${version}\n${body}`, {
      ttl: ANSWER_TTL_MS,
    });
    return body;
  }

  /** Most recently used last, so eviction drops the least recently used. */
  private touch(cacheKey: string, kept: KeptAnswer) {
    this.local.delete(cacheKey);
    this.local.set(cacheKey, kept);
  }

  private keep(cacheKey: string, answer: KeptAnswer) {
    const previous = this.local.get(cacheKey);
    if (previous) this.localSize -= previous.body.length;
    this.touch(cacheKey, answer);
    this.localSize += answer.body.length;
    for (const [oldKey, entry] of this.local) {
      if (this.localSize <= LOCAL_BUDGET) break;
      this.local.delete(oldKey);
      this.localSize -= entry.body.length;
    }
  }
}
