import { UrlReaderService } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { Knex } from 'knex';
import { testComponent } from '../__testUtils__/catalogEntities';
import { FolderReader } from '../__testUtils__/folderReader';
import { QualityItemStore } from '../database/QualityItemStore';
import { SubjectLookup } from '../database/postmortemSubjects';
import { postmortemListing } from '../metrics/postmortemListing';
import { postmortemTimelinessByEntity } from '../metrics/postmortemTimeliness';
import { createProviderHarness } from '../testUtils/providerHarness';
import { NOT_ASSESSED } from './documentLimits';
import { PostmortemDocumentsProvider } from './PostmortemDocumentsProvider';

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60 * 1000;
const PAYMENTS = 'component:default/payments-api';
const LEDGER = 'component:default/ledger';

const inRepository = (name: string, postmortems: string) =>
  testComponent(name, {
    annotations: {
      'backstage.io/source-location': `url:https://github.com/acme/${name}/tree/main/`,
      'quality.backstage.io/postmortems': postmortems,
    },
  });

describe('PostmortemDocumentsProvider on hostile input', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function harnessFor(
    db: Knex,
    reader: FolderReader,
    entities = [inRepository('payments-api', './docs/postmortems')],
  ) {
    return createProviderHarness({
      knex: db,
      provider: new PostmortemDocumentsProvider({
        reader: reader as unknown as UrlReaderService,
        integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
        subjects: new SubjectLookup(db),
      }),
      entities,
    });
  }

  it.each(databases.eachSupportedId())(
    'never reads a folder outside the entity repository, on %p',
    async databaseId => {
      const db = await databases.init(databaseId);
      const reader = new FolderReader({ 'pm.md': '# What happened\nx\n' });
      const harness = await harnessFor(db, reader, [
        inRepository('payments-api', '../../private-payroll/tree/main/docs'),
        inRepository(
          'ledger',
          'https://github.com/acme/private-payroll/tree/main/docs',
        ),
        inRepository('search', 'https://evil.example/docs'),
        testComponent('no-source', {
          annotations: { 'quality.backstage.io/postmortems': './docs' },
        }),
      ]);
      await harness.sync();
      expect(reader.requested).toEqual([]);
      expect(await harness.postmortems()).toEqual([]);
      const errors = (await harness.syncStatus()).map(s => s.lastError);
      expect(errors).toHaveLength(4);
      for (const error of errors) {
        expect(error).toBe(
          "quality.backstage.io/postmortems must name a folder in the entity's own repository (backstage.io/source-location); it was not read",
        );
      }
      await db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'stores a document over 256 KB unassessed, with the reason, without reading it, on %p',
    async databaseId => {
      const db = await databases.init(databaseId);
      const huge = `# What happened\n${'x'.repeat(300 * 1024)}\n`;
      for (const withSizes of [true, false]) {
        const reader = new FolderReader(
          // The text changes per round, so the folder's etag does too.
          { 'huge.md': huge, 'small.md': `# What happened\n${withSizes}\n` },
          withSizes,
        );
        const harness = await harnessFor(db, reader);
        await harness.sync();
        // With sizes up front (archive readers) the file is never buffered.
        expect(reader.contentRead).toEqual(
          withSizes ? ['small.md'] : ['huge.md', 'small.md'],
        );
        const window = {
          start: Date.now() - 90 * DAY,
          end: Date.now(),
          days: 90,
        };
        const listed = await postmortemListing(
          db,
          PAYMENTS,
          window,
          Date.now(),
        );
        expect(
          listed.map(p => [p.title, p.complete, p.notAssessedReason]),
        ).toEqual([
          ['huge', null, NOT_ASSESSED.tooLarge],
          ['small', false, null],
        ]);
      }
      await db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    "links only the entity's own incidents: another team's named in front matter stay theirs, on %p",
    async databaseId => {
      const db = await databases.init(databaseId);
      const now = Date.now();
      const reader = new FolderReader({
        'pm.md': `---\nincidents: [pagerduty:LED-INC, LED-INC]\npublished: ${new Date(
          now - 9 * DAY,
        )
          .toISOString()
          .slice(0, 10)}\n---\n# What happened\nx\n`,
      });
      const harness = await harnessFor(db, reader);
      // Ledger's P1 incident, resolved 10 days ago, with no post-mortem of its own: late.
      await new QualityItemStore(db, 'pagerduty').upsertIncidents([
        {
          externalId: 'LED-INC',
          entityRef: LEDGER,
          title: 'Ledger double entries',
          severity: 'P1',
          startedAt: new Date(now - 10 * DAY - 3_600_000),
          resolvedAt: new Date(now - 10 * DAY),
        },
      ]);
      await harness.sync();
      expect((await harness.postmortems())[0].subjects).toEqual([]);
      const window = { start: now - 90 * DAY, end: now, days: 90 };
      const ledger = await postmortemTimelinessByEntity(
        db,
        [LEDGER],
        window,
        now,
      );
      expect(ledger.get(LEDGER)).toMatchObject({
        resolved: 1,
        late: 1,
        published: 0,
      });
      await db.destroy();
    },
  );
});
