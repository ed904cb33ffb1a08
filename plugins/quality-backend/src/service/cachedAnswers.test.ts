import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  paymentsSquadCatalog,
  testComponent,
} from '../__testUtils__/catalogEntities';
import {
  getAsUser,
  startQualityBackend,
} from '../__testUtils__/qualityTestBackend';
import { QualityItemStore } from '../database/QualityItemStore';

jest.setTimeout(60_000);

const PAYMENTS = 'component:default/payments-api';
const SUMMARY = '/v1/entities/component/default/payments-api/summary';
const SQUAD_SUMMARY = '/v1/groups/default/payments-squad/summary';

describe('cached answers', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  const openBug = (id: string) => ({
    externalId: id,
    title: `Bug ${id}`,
    escaped: false,
    history: [
      {
        at: new Date(Date.now() - 3_600_000),
        status: 'open' as const,
        severity: 'P2' as const,
        entityRef: PAYMENTS,
      },
    ],
  });

  const closedBug = (id: string) => {
    const bug = openBug(id);
    return {
      ...bug,
      history: [
        ...bug.history,
        {
          ...bug.history[0],
          at: new Date(Date.now() - 60_000),
          status: 'closed' as const,
        },
      ],
    };
  };

  it.each(databases.eachSupportedId())(
    'serve the same answer until a write through the store moves the data version, %p',
    async (databaseId: TestDatabaseId) => {
      const knex = await databases.init(databaseId);
      const { server } = await startQualityBackend({
        knex,
        entities: [testComponent('payments-api')],
      });
      const openBugs = async () =>
        (await getAsUser(server, SUMMARY).expect(200)).body.openBugs.total;
      const store = new QualityItemStore(knex, 'jira');
      await store.upsertBugs([openBug('PAY-1')]);
      expect(await openBugs()).toBe(1);

      // A row written behind the store's back moves no version: the cached
      // answer is what is served (this is what saves the SQL under load).
      const [{ id }] = await knex('quality_bugs')
        .where({ external_id: 'PAY-1' })
        .select('id');
      await knex('quality_bugs').where({ id }).update({ status: 'closed' });
      expect(await openBugs()).toBe(1);

      // Any write through the store invalidates at once, whatever it touched:
      // a closed bug adds nothing, so only a fresh answer says 0 (PAY-1 closed
      // by hand). Were the upsert not to move the version, the cached 1 would stay.
      await store.upsertBugs([closedBug('PAY-2')]);
      expect(await openBugs()).toBe(0);
      await store.upsertBugs([openBug('PAY-3')]);
      expect(await openBugs()).toBe(1);
      await store.deleteItems('bugs', ['PAY-3']);
      expect(await openBugs()).toBe(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'read the versions under a summary once per request, hit or miss, %p',
    async (databaseId: TestDatabaseId) => {
      const knex = await databases.init(databaseId);
      const { server } = await startQualityBackend({
        knex,
        entities: paymentsSquadCatalog(),
      });
      let versionReads = 0;
      knex.on('query', ({ sql }: { sql: string }) => {
        if (sql.includes('quality_entity_versions')) versionReads += 1;
      });
      const readsOf = async (path: string) => {
        versionReads = 0;
        await getAsUser(server, path).expect(200);
        return versionReads;
      };
      const store = new QualityItemStore(knex, 'jira');
      for (const path of [SUMMARY, SQUAD_SUMMARY]) {
        await store.upsertBugs([openBug(`${path}-1`)]);
        // A miss: the answer cache's read serves the kept parts too.
        expect(await readsOf(path)).toBe(1);
        // A hit.
        expect(await readsOf(path)).toBe(1);
      }
    },
  );
});
