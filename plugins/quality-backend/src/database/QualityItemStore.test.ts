import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { NormalisedBug } from '@quality-pulse/plugin-quality-node';
import { QUALITY_MIGRATIONS_DIRECTORY } from './migrations';
import { QualityItemStore } from './QualityItemStore';

jest.setTimeout(60_000);

const day = (n: number) => new Date(Date.UTC(2026, 0, n));
/** When the store writes: after every item of the fixtures (items from the future are refused). */
const SYNCED_AT = Date.UTC(2026, 1, 1);

function bug(
  externalId: string,
  overrides: Partial<NormalisedBug> = {},
): NormalisedBug {
  return {
    externalId,
    title: `Bug ${externalId}`,
    escaped: false,
    history: [
      {
        at: day(1),
        status: 'open',
        severity: 'P2',
        entityRef: 'component:default/payments-api',
      },
    ],
    ...overrides,
  };
}

describe('QualityItemStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function setup(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
    return {
      knex,
      store: new QualityItemStore(knex, 'jira', { now: () => SYNCED_AT }),
    };
  }

  it.each(databases.eachSupportedId())(
    'stores a bug and its history, and derives the current state from the last entry on %p',
    async databaseId => {
      const { knex, store } = await setup(databaseId);
      await store.upsertBugs([
        bug('PAY-1', {
          escaped: true,
          history: [
            {
              at: day(1),
              status: 'open',
              severity: 'unclassified',
              entityRef: 'Component:default/Payments-API',
            },
            {
              at: day(2),
              status: 'open',
              severity: 'P1',
              entityRef: 'component:default/payments-api',
            },
            {
              at: day(5),
              status: 'closed',
              severity: 'P1',
              entityRef: 'component:default/payments-api',
            },
            {
              at: day(7),
              status: 'open',
              severity: 'P1',
              entityRef: 'component:default/ledger-service',
            },
          ],
        }),
      ]);

      const row = await knex('quality_bugs')
        .where({ external_id: 'PAY-1' })
        .first();
      expect(row).toMatchObject({
        source: 'jira',
        entity_ref: 'component:default/ledger-service',
        severity: 'P1',
        status: 'open',
        resolved_at: null,
      });
      expect(Boolean(row.escaped)).toBe(true);
      expect(Number(row.created_at)).toBe(day(1).getTime());

      const history = await knex('quality_bug_history')
        .where({ bug_id: row.id })
        .orderBy('seq');
      expect(history.map(h => [h.status, h.severity, h.entity_ref])).toEqual([
        ['open', 'unclassified', 'component:default/payments-api'],
        ['open', 'P1', 'component:default/payments-api'],
        ['closed', 'P1', 'component:default/payments-api'],
        ['open', 'P1', 'component:default/ledger-service'],
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'is idempotent: the same items twice leave one row each, and a changed history replaces the old one on %p',
    async databaseId => {
      const { knex, store } = await setup(databaseId);
      await store.upsertBugs([bug('PAY-1'), bug('PAY-2')]);
      await store.upsertBugs([bug('PAY-1'), bug('PAY-2')]);
      await store.upsertBugs([
        bug('PAY-1', {
          history: [
            {
              at: day(1),
              status: 'open',
              severity: 'P2',
              entityRef: 'component:default/payments-api',
            },
            {
              at: day(3),
              status: 'closed',
              severity: 'P2',
              entityRef: 'component:default/payments-api',
            },
          ],
        }),
      ]);

      const counts = await knex('quality_bugs')
        .select('external_id', 'status', 'resolved_at')
        .orderBy('external_id');
      expect(
        counts.map(c => [
          c.external_id,
          c.status,
          c.resolved_at === null ? null : Number(c.resolved_at),
        ]),
      ).toEqual([
        ['PAY-1', 'closed', day(3).getTime()],
        ['PAY-2', 'open', null],
      ]);
      const historyRows = await knex('quality_bug_history')
        .count({ n: '*' })
        .first();
      expect(Number(historyRows?.n)).toBe(3);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the last copy when one batch names an item twice on %p',
    async databaseId => {
      const { knex, store } = await setup(databaseId);
      await store.upsertIncidents([
        {
          externalId: 'INC-1',
          entityRef: 'component:default/payments-api',
          title: 'first',
          severity: 'P2',
          startedAt: day(1),
        },
        {
          externalId: 'INC-1',
          entityRef: 'component:default/payments-api',
          title: 'second',
          severity: 'P1',
          startedAt: day(1),
          resolvedAt: day(2),
        },
      ]);
      const rows = await knex('quality_incidents');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ title: 'second', severity: 'P1' });
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'rejects a batch with a bad item, naming the field, and writes none of it on %p',
    async databaseId => {
      const { knex, store } = await setup(databaseId);
      await expect(
        store.upsertBugs([
          bug('PAY-1'),
          bug('PAY-2', {
            history: [
              {
                at: day(1),
                status: 'open',
                severity: 'urgent' as any,
                entityRef: 'component:default/payments-api',
              },
            ],
          }),
        ]),
      ).rejects.toThrow(
        'bugs[1].history[0].severity must be one of P0, P1, P2, P3, P4, unclassified',
      );
      await expect(
        store.upsertBugs([bug('PAY-3', { history: [] })]),
      ).rejects.toThrow('bugs[0].history must hold at least the opening entry');
      await expect(
        store.upsertIncidents([
          {
            externalId: 'INC-1',
            entityRef: 'component:default/payments-api',
            title: 't',
            severity: 'P1',
            startedAt: day(2),
            resolvedAt: day(1),
          },
        ]),
      ).rejects.toThrow('incidents[0].resolvedAt must not be before startedAt');
      await expect(
        store.upsertDeployments([
          {
            externalId: 'd-1',
            entityRef: 'component:default/payments-api',
            deployedAt: new Date('not a date'),
            remediation: false,
          },
        ]),
      ).rejects.toThrow('deployments[0].deployedAt must be a valid date');

      expect(await knex('quality_bugs')).toHaveLength(0);
      expect(await knex('quality_incidents')).toHaveLength(0);
      expect(await knex('quality_deployments')).toHaveLength(0);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'links post-mortems to their subjects and replaces the links on update on %p',
    async databaseId => {
      const { knex, store } = await setup(databaseId);
      const postmortem = {
        externalId: 'pm-1',
        entityRef: 'component:default/payments-api',
        title: 'Card declines after deploy',
        url: 'https://wiki.example.com/pm-1',
        publishedAt: day(4),
      };
      await store.upsertPostmortems([
        {
          ...postmortem,
          subjects: [
            { kind: 'incident', externalId: 'INC-1' },
            { kind: 'bug', externalId: 'PAY-1', source: 'github' },
          ],
        },
      ]);
      await store.upsertPostmortems([
        {
          ...postmortem,
          subjects: [{ kind: 'incident', externalId: 'INC-1' }],
        },
      ]);

      const subjects = await knex('quality_postmortem_subjects').select(
        'subject_kind',
        'subject_source',
        'subject_external_id',
      );
      expect(subjects).toEqual([
        {
          subject_kind: 'incident',
          subject_source: 'jira',
          subject_external_id: 'INC-1',
        },
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'deletes items the source reports gone, taking bugs out of the burn-down, on %p',
    async databaseId => {
      const { knex } = await setup(databaseId);
      const store = new QualityItemStore(knex, 'jira');
      await store.upsertBugs([bug('PAY-1'), bug('PAY-2')]);
      const openToday = async () =>
        Number(
          (await knex('quality_bug_open_deltas').sum({ n: 'delta' }).first())
            ?.n ?? 0,
        );
      expect(await openToday()).toBe(2);

      expect(await store.deleteItems('bugs', ['PAY-1', 'NOT-STORED'])).toBe(1);

      expect(await knex('quality_bugs').pluck('external_id')).toEqual([
        'PAY-2',
      ]);
      expect(await openToday()).toBe(1);
      // Another source's item of the same id is not touched.
      await new QualityItemStore(knex, 'github').upsertBugs([bug('PAY-2')]);
      await store.deleteItems('bugs', ['PAY-2']);
      expect(await knex('quality_bugs').pluck('source')).toEqual(['github']);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'after a complete listing, removes what a scope no longer has and nothing of other scopes, on %p',
    async databaseId => {
      const { knex } = await setup(databaseId);
      const incident = (externalId: string) => ({
        externalId,
        entityRef: 'component:default/payments-api',
        title: externalId,
        severity: 'P2' as const,
        startedAt: day(1),
      });
      const pay = new QualityItemStore(knex, 'pagerduty', { scope: 'PPAY' });
      const ledger = new QualityItemStore(knex, 'pagerduty', { scope: 'PLED' });
      await pay.upsertIncidents([
        incident('I-1'),
        incident('I-2'),
        incident('I-3'),
      ]);
      await ledger.upsertIncidents([incident('L-1')]);

      // PagerDuty now lists only I-1 and I-3 for the payments service.
      expect(await pay.removeMissing('incidents', ['I-1', 'I-3'])).toBe(1);

      expect(
        await knex('quality_incidents')
          .orderBy('external_id')
          .pluck('external_id'),
      ).toEqual(['I-1', 'I-3', 'L-1']);
      await expect(
        new QualityItemStore(knex, 'pagerduty').removeMissing('incidents', []),
      ).rejects.toThrow('removeMissing needs a scope');
      await knex.destroy();
    },
  );
});
