import { Readable } from 'node:stream';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { testComponent } from '../__testUtils__/catalogEntities';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';
import { linkPostmortem } from '../learning/postmortemUpdates';
import { QualityStores } from '../database/QualityStores';
import { NOT_ASSESSED } from './documentLimits';

jest.setTimeout(60_000);

const DOCUMENT = `# Checkout timeouts
## What happened
Requests timed out.
## Why it happened
No timeout on the client.
## What we are changing
- Add a timeout, owner: group:default/payments-squad, due 2026-12-01
## What we are not changing
The provider.
`;

/** A UrlReader over a few URLs that records what it was asked to read. */
class RecordingReader {
  readonly requested: string[] = [];
  /** How many 64 KB chunks a stream handed out before it was stopped. */
  chunksRead = 0;
  constructor(private readonly bodies: Record<string, string | Error>) {}
  async readUrl(url: string) {
    this.requested.push(url);
    const body = this.bodies[url];
    if (body === undefined || body instanceof Error) {
      throw body ?? new Error(`NotFoundError: ${url} could not be read`);
    }
    const counted = () => {
      this.chunksRead += 1;
    };
    return {
      buffer: async () => Buffer.from(body),
      stream: () =>
        Readable.from(
          (function* chunks() {
            for (let i = 0; i < body.length; i += 64 * 1024) {
              counted();
              yield Buffer.from(body.slice(i, i + 64 * 1024));
            }
          })(),
        ),
    };
  }
}

const payments = testComponent('payments-api', {
  annotations: {
    'backstage.io/source-location':
      'url:https://github.com/acme/payments/tree/main/',
  },
});
const ledger = testComponent('ledger', {
  annotations: {
    'backstage.io/source-location':
      'url:https://github.com/acme/ledger/tree/main/',
  },
});

describe('post-mortem links pasted in the portal', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function setUp(databaseId: 'SQLITE_3' | 'POSTGRES_15') {
    const db = await databases.init(databaseId);
    await db.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
    return db;
  }

  it.each(databases.eachSupportedId())(
    "reads only Markdown in the service's own repository, on %p",
    async databaseId => {
      const db = await setUp(databaseId as 'SQLITE_3');
      const own = 'https://github.com/acme/payments/blob/main/docs/pm.md';
      const other = 'https://github.com/acme/private-payroll/blob/main/pm.md';
      const escaping =
        'https://github.com/acme/payments/../private-payroll/blob/main/pm.md';
      const reader = new RecordingReader({
        [own]: DOCUMENT,
        [other]: DOCUMENT,
        'https://github.com/acme/private-payroll/blob/main/pm.md#': DOCUMENT,
      });
      const link = (url: string) =>
        linkPostmortem(
          new QualityStores(db),
          reader as unknown as UrlReaderService,
          payments,
          {
            url,
          },
        );

      expect(await link(own)).toMatchObject({ assessed: true });
      expect(await link(other)).toEqual({
        externalId: expect.any(String),
        assessed: false,
        readError: NOT_ASSESSED.outsideRepository,
      });
      expect(await link(escaping)).toMatchObject({
        assessed: false,
        readError: NOT_ASSESSED.outsideRepository,
      });
      expect(await link('https://evil.example/pm.md')).toMatchObject({
        readError: NOT_ASSESSED.outsideRepository,
      });
      expect(
        await link('https://docs.google.com/document/d/abc'),
      ).toMatchObject({ readError: NOT_ASSESSED.notMarkdown });
      // Only the document in the service's own repository was ever requested.
      expect(reader.requested).toEqual([own]);

      const rows = await db('quality_postmortems')
        .orderBy('id')
        .select('url', 'complete', 'not_assessed_reason', 'title');
      expect(rows.map(r => [r.url, r.not_assessed_reason])).toEqual([
        [own, null],
        [other, NOT_ASSESSED.outsideRepository],
        [escaping, NOT_ASSESSED.outsideRepository],
        ['https://evil.example/pm.md', NOT_ASSESSED.outsideRepository],
        ['https://docs.google.com/document/d/abc', NOT_ASSESSED.notMarkdown],
      ]);
      expect(Boolean(rows[0].complete)).toBe(true);
      // What an unread document says never shows: its title is the link.
      expect(rows[1].title).toBe(other);
      await db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'stops reading past 256 KB and gives one reason for every read error, on %p',
    async databaseId => {
      const db = await setUp(databaseId as 'SQLITE_3');
      const large = 'https://github.com/acme/payments/blob/main/large.md';
      const hidden = 'https://github.com/acme/payments/blob/main/private.md';
      const missing = 'https://github.com/acme/payments/blob/main/gone.md';
      const reader = new RecordingReader({
        [large]: `${DOCUMENT}${'x'.repeat(4 * 1024 * 1024)}`,
        [hidden]: new Error('403 Forbidden: acme/payments private.md exists'),
      });
      const link = (url: string) =>
        linkPostmortem(
          new QualityStores(db),
          reader as unknown as UrlReaderService,
          payments,
          {
            url,
          },
        );

      expect(await link(large)).toMatchObject({
        assessed: false,
        readError: NOT_ASSESSED.tooLarge,
      });
      // 4 MB were offered; reading stopped after the chunk that passed 256 KB.
      expect(reader.chunksRead).toBeLessThanOrEqual(6);
      const forbidden = await link(hidden);
      const absent = await link(missing);
      expect(forbidden.readError).toBe(NOT_ASSESSED.unreadable);
      expect(absent.readError).toBe(forbidden.readError);
      await db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    "keys a link by entity and URL: pasting another service's link on yours takes nothing over, on %p",
    async databaseId => {
      const db = await setUp(databaseId as 'SQLITE_3');
      const url = 'https://wiki.example.com/ledger-outage';
      const reader = new RecordingReader({});
      const asReader = reader as unknown as UrlReaderService;
      const first = await linkPostmortem(
        new QualityStores(db),
        asReader,
        ledger,
        {
          url,
          title: 'Ledger outage',
        },
      );
      const second = await linkPostmortem(
        new QualityStores(db),
        asReader,
        payments,
        {
          url,
          title: 'Taken over',
        },
      );
      expect(second.externalId).not.toBe(first.externalId);
      const rows = await db('quality_postmortems')
        .orderBy('id')
        .select('entity_ref', 'title');
      expect(rows).toEqual([
        { entity_ref: 'component:default/ledger', title: 'Ledger outage' },
        { entity_ref: 'component:default/payments-api', title: 'Taken over' },
      ]);
      // The same link on the same service again updates it.
      await linkPostmortem(new QualityStores(db), asReader, ledger, {
        url,
        title: 'Renamed',
      });
      expect(
        await db('quality_postmortems')
          .where('entity_ref', 'component:default/ledger')
          .select('title'),
      ).toEqual([{ title: 'Renamed' }]);
      await db.destroy();
    },
  );
});
