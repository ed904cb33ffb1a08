import { UrlReaderService } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { Knex } from 'knex';
import { testComponent } from '../__testUtils__/catalogEntities';
import { FolderReader } from '../__testUtils__/folderReader';
import { QualityItemStore } from '../database/QualityItemStore';
import { SubjectLookup } from '../database/postmortemSubjects';
import { toNumber } from '../database/normalise';
import { rootCauseCoverageByEntity } from '../metrics/ratios';
import { postmortemListing } from '../metrics/postmortemListing';
import { createProviderHarness } from '../testUtils/providerHarness';
import { PostmortemDocumentsProvider } from './PostmortemDocumentsProvider';

jest.setTimeout(60_000);

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 24, 12);
const PAYMENTS = 'component:default/payments-api';

const COMPLETE = `---
title: Checkout timeouts on 12 November
incidents: [INC-7]
bugs: [jira:PAY-9]
published: 2026-11-14
---
# Checkout timeouts

## What happened
Checkout requests timed out for 38 minutes.

## Why it happened
The payment client had no timeout.

## What we are changing
- [ ] Add a 2 s timeout to the payment client, owner: group:default/payments-squad, due 2026-11-20
- [x] Add a slow-provider load test (@kim, due 2026-12-15) https://github.com/acme/payments/pull/42

## What we are not changing, and why
We keep the single provider.
`;

/** Setext headings, no "not changing" section, a vague action, a culprit named. */
const INCOMPLETE = `Search outage
=============

What happened
-------------
The index filled the disk. Alex should have noticed the alert.

Root cause
----------
No disk alert on the index volume.

Action items
------------
- Be more careful with disk space, owner: @search-squad, due 2026-12-01
`;

describe('PostmortemDocumentsProvider', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function setUp(db: Knex, reader: FolderReader) {
    const entity = testComponent('payments-api', {
      annotations: {
        'backstage.io/managed-by-location':
          'url:https://github.com/acme/payments/blob/main/catalog-info.yaml',
        'quality.backstage.io/postmortems': './docs/postmortems',
      },
    });
    const harness = await createProviderHarness({
      knex: db,
      provider: new PostmortemDocumentsProvider({
        reader: reader as unknown as UrlReaderService,
        integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
        subjects: new SubjectLookup(db),
      }),
      entities: [entity, testComponent('no-docs')],
    });
    // What the documents name: an incident and a bug synced by other providers.
    await new QualityItemStore(db, 'pagerduty').upsertIncidents([
      {
        externalId: 'INC-7',
        entityRef: PAYMENTS,
        title: 'Checkout timeouts',
        severity: 'P1',
        startedAt: new Date(NOW - 12 * DAY),
        resolvedAt: new Date(NOW - 12 * DAY + 3_600_000),
      },
    ]);
    await new QualityItemStore(db, 'jira').upsertBugs([
      {
        externalId: 'PAY-9',
        title: 'Checkout times out when the provider is slow',
        escaped: true,
        history: [
          {
            at: new Date(NOW - 12 * DAY),
            status: 'open',
            severity: 'P1',
            entityRef: PAYMENTS,
          },
        ],
      },
    ]);
    return harness;
  }

  it.each(databases.eachSupportedId())(
    'reads, assesses and links the documents beside the catalog file, on %p',
    async databaseId => {
      const db = await databases.init(databaseId);
      const reader = new FolderReader({
        '2026-11-12-checkout.md': COMPLETE,
        'search.markdown': INCOMPLETE,
        'README.txt': 'not a post-mortem',
      });
      const harness = await setUp(db, reader);
      await harness.sync();

      expect(reader.requested).toEqual([
        'https://github.com/acme/payments/tree/main/docs/postmortems',
      ]);
      const stored = await harness.postmortems();
      stored.forEach(p => p.subjects.sort());
      expect(stored).toEqual([
        {
          externalId: `${PAYMENTS}:2026-11-12-checkout.md`,
          entityRef: PAYMENTS,
          url: 'https://github.com/acme/payments/blob/main/docs/postmortems/2026-11-12-checkout.md',
          subjects: ['bug:PAY-9', 'incident:INC-7'],
        },
        expect.objectContaining({
          externalId: `${PAYMENTS}:search.markdown`,
          subjects: [],
        }),
      ]);

      const window = { start: NOW - 90 * DAY, end: NOW, days: 90 };
      const listed = await postmortemListing(db, PAYMENTS, window, NOW);
      const [draft, complete] = listed;
      // Without a date the search document is a draft, listed first.
      expect(draft).toMatchObject({
        title: 'Search outage',
        publishedAt: null,
        complete: false,
        assessment: {
          missingSections: ['whatWeAreNotChanging'],
          blameFlags: [{ line: 6, phrase: 'Alex should have' }],
          vagueActions: 1,
        },
        actions: [
          expect.objectContaining({
            owner: 'user:default/search-squad',
            vague: true,
          }),
        ],
      });
      expect(complete).toMatchObject({
        title: 'Checkout timeouts on 12 November',
        publishedAt: '2026-11-14T00:00:00.000Z',
        complete: true,
        followUpDueAt: '2026-12-12T00:00:00.000Z',
        subjects: [
          expect.objectContaining({ kind: 'bug', source: 'jira' }),
          expect.objectContaining({
            kind: 'incident',
            source: 'pagerduty',
            title: 'Checkout timeouts',
          }),
        ],
        actions: [
          expect.objectContaining({
            owner: 'group:default/payments-squad',
            due: '2026-11-20',
            status: 'open',
            overdue: true,
          }),
          expect.objectContaining({
            owner: 'user:default/kim',
            status: 'done',
            fixUrl: 'https://github.com/acme/payments/pull/42',
            overdue: false,
          }),
        ],
      });

      // The incident and the escaped bug count as covered: a linked, complete post-mortem.
      const coverage = await rootCauseCoverageByEntity(db, [PAYMENTS], window);
      expect(coverage.get(PAYMENTS)).toMatchObject({
        numerator: 2,
        denominator: 2,
      });
      await db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'costs one conditional read when nothing changed, keeps a status set in the portal, drops removed documents, on %p',
    async databaseId => {
      const db = await databases.init(databaseId);
      const reader = new FolderReader({
        'checkout.md': COMPLETE,
        'search.md': INCOMPLETE,
      });
      const harness = await setUp(db, reader);
      await harness.sync();
      const action = await db('quality_postmortem_actions')
        .where('text', 'like', 'Add a 2 s timeout%')
        .first();
      await db('quality_postmortem_actions')
        .where('id', action.id)
        .update({ status: 'dropped' });

      await harness.sync();
      expect(reader.requested).toHaveLength(2);
      expect(
        (await harness.syncStatus()).find(
          s => s.providerId === 'postmortem-docs',
        )?.lastError,
      ).toBeNull();

      // The document changes its due date and loses the other file.
      reader.files = {
        'checkout.md': COMPLETE.replace('due 2026-11-20', 'due 2026-12-04'),
      };
      await harness.sync();
      const rows = await db('quality_postmortem_actions').orderBy('id');
      const kept = rows.find(r => toNumber(r.id) === toNumber(action.id));
      expect(kept).toMatchObject({ status: 'dropped', due_date: '2026-12-04' });
      expect((await harness.postmortems()).map(p => p.externalId)).toEqual([
        `${PAYMENTS}:checkout.md`,
      ]);
      await db.destroy();
    },
  );
});
