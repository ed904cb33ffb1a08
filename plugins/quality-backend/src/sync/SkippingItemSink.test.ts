import { TestDatabases } from '@backstage/backend-test-utils';
import { NormalisedBug } from '@quality-pulse/plugin-quality-node';
import { QUALITY_MIGRATIONS_DIRECTORY } from '../database/migrations';
import { QualityItemStore } from '../database/QualityItemStore';
import { SkippingItemSink } from './SkippingItemSink';

jest.setTimeout(60_000);

const bug = (externalId: string, severity: string): NormalisedBug => ({
  externalId,
  title: externalId,
  escaped: false,
  history: [
    {
      at: new Date('2026-11-01T10:00:00Z'),
      status: 'open',
      severity: severity as NormalisedBug['history'][0]['severity'],
      entityRef: 'component:default/payments-api',
    },
  ],
});

describe('SkippingItemSink', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'stores the well-formed items of a page and reports the malformed ones on %p',
    async id => {
      const knex = await databases.init(id);
      await knex.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
      const sink = new SkippingItemSink(new QualityItemStore(knex, 'jira'));
      const version = async () =>
        Number(
          (
            await knex('quality_entity_versions')
              .where('entity_ref', 'component:default/payments-api')
              .first('version')
          )?.version ?? 0,
        );
      const before = await version();

      await sink.upsertBugs([
        bug('PAY-1', 'P2'),
        bug('PAY-2', 'Blocker'),
        bug('PAY-3', 'P1'),
      ]);

      const stored = await knex('quality_bugs')
        .orderBy('external_id')
        .pluck('external_id');
      expect(stored).toEqual(['PAY-1', 'PAY-3']);
      expect(sink.skipped).toEqual([
        {
          kind: 'bugs',
          externalId: 'PAY-2',
          reason:
            'history[0].severity must be one of P0, P1, P2, P3, P4, unclassified; got "Blocker"',
        },
      ]);
      // The rollup counts the stored bugs only.
      const open = await knex('quality_bug_open_deltas')
        .sum({ n: 'delta' })
        .first();
      expect(Number(open?.n)).toBe(2);
      // Sorted before writing: the well-formed items went in one transaction.
      expect((await version()) - before).toBe(1);
      await knex.destroy();
    },
  );

  it('lets a database failure fail the scope instead of skipping items', async () => {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
    const sink = new SkippingItemSink(new QualityItemStore(knex, 'github'));
    await knex.destroy(); // the database goes away mid-sync
    await expect(
      sink.upsertDeployments([
        {
          externalId: 'd-1',
          entityRef: 'component:default/payments-api',
          deployedAt: new Date(),
          remediation: false,
        },
      ]),
    ).rejects.toThrow();
    expect(sink.skipped).toEqual([]);
  });
});

describe('post-mortems that come with their text', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const text = (changing: string) => `# Checkout down
## What happened
Checkout failed for 40 minutes.
## Why it happened
No timeout on the payment client.
## What we are changing
${changing}
## What we are not changing
The provider.
`;

  it('are assessed on the way in, and the text is not kept', async () => {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
    const sink = new SkippingItemSink(
      new QualityItemStore(knex, 'incident-io'),
    );
    const postmortem = (externalId: string, content: string) => ({
      externalId,
      entityRef: 'component:default/payments-api',
      title: externalId,
      url: `https://app.incident.io/acme/incidents/${externalId}`,
      subjects: [],
      content,
    });
    await sink.upsertPostmortems([
      postmortem(
        'complete',
        text('- Add a 2 s timeout, owner: @payments, due 2026-12-01'),
      ),
      postmortem('vague', text('- Be more careful')),
      postmortem('huge', `# What happened\n${'x'.repeat(300 * 1024)}`),
    ]);
    const rows = await knex('quality_postmortems')
      .orderBy('external_id')
      .select('external_id', 'complete', 'assessment', 'not_assessed_reason');
    expect(
      rows.map(r => [
        r.external_id,
        r.complete === null ? null : Boolean(r.complete),
        r.not_assessed_reason,
      ]),
    ).toEqual([
      ['complete', true, null],
      ['huge', null, 'document larger than 256 KB, not assessed'],
      ['vague', false, null],
    ]);
    expect(JSON.parse(rows[2].assessment)).toMatchObject({ vagueActions: 1 });
    expect(JSON.stringify(rows)).not.toContain('Checkout failed');
    const actions = await knex('quality_postmortem_actions').select('text');
    expect(actions.map(a => a.text)).toEqual(
      expect.arrayContaining([
        'Add a 2 s timeout, owner: @payments, due 2026-12-01',
      ]),
    );
    await knex.destroy();
  });
});
