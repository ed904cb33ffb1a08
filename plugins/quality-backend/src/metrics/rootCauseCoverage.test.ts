import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  LEDGER,
  PAYMENTS,
  paymentsSquadCatalog,
} from '../__testUtils__/catalogEntities';
import {
  getAsUser,
  startQualityBackend,
} from '../__testUtils__/qualityTestBackend';
import { QualityItemStore } from '../database/QualityItemStore';
import { rootCauseCoverageByEntity } from './ratios';
import { windowFromQuery } from './window';

jest.setTimeout(60_000);

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const catalog = paymentsSquadCatalog();

/**
 * Root-cause coverage joins the post-mortems of the scope's own entities
 * (PRODUCT.md: a post-mortem documents its own service's items only). Each
 * figure is hand-computed and read through the API, for a service and a
 * squad, and per entity as scorecards read it, on SQLite and PostgreSQL.
 */
describe('root-cause coverage', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function start(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    const { server } = await startQualityBackend({ knex, entities: catalog });
    const now = Date.now();
    const tool = new QualityItemStore(knex, 'incident-io');
    await tool.upsertIncidents(
      ['INC-7', 'INC-8', 'INC-9'].map(externalId => ({
        externalId,
        entityRef: PAYMENTS,
        title: 'Checkout down',
        severity: 'P1' as const,
        startedAt: new Date(now - 3 * DAY),
        resolvedAt: new Date(now - 3 * DAY + HOUR),
      })),
    );
    const postmortem = (
      externalId: string,
      entityRef: string,
      complete: boolean | undefined,
      incident: string,
    ) => ({
      externalId,
      entityRef,
      title: `Post-mortem of ${incident}`,
      url: `https://docs.example/${externalId}`,
      publishedAt: new Date(now - DAY),
      complete,
      subjects: [{ kind: 'incident' as const, externalId: incident }],
    });
    await tool.upsertPostmortems([
      // The ledger's complete post-mortem names payments' INC-7: not payments' document.
      postmortem('PM-ledger', LEDGER, true, 'INC-7'),
      // INC-8: one document nobody assessed, one complete — covered.
      postmortem('PM-8a', PAYMENTS, undefined, 'INC-8'),
      postmortem('PM-8b', PAYMENTS, true, 'INC-8'),
      // INC-9: only a document nobody assessed — linked, not assessed.
      postmortem('PM-9', PAYMENTS, undefined, 'INC-9'),
    ]);
    return { knex, server };
  }

  it.each(databases.eachSupportedId())(
    'counts a subject covered only by a complete post-mortem of its own service, on %p',
    async databaseId => {
      const { knex, server } = await start(databaseId);
      const coverage = async (path: string) =>
        (await getAsUser(server, path).expect(200)).body.rootCauseCoverage;
      const expected = {
        numerator: 1,
        denominator: 3,
        linkedNotAssessed: 1,
      };
      expect(
        await coverage('/v1/entities/component/default/payments-api/summary'),
      ).toMatchObject(expected);
      // The squad holds the ledger too: its post-mortem still covers nothing of payments'.
      expect(
        await coverage('/v1/groups/default/payments-squad/summary'),
      ).toMatchObject(expected);
      expect(
        await coverage('/v1/entities/component/default/ledger/summary'),
      ).toMatchObject({ numerator: 0, denominator: 0, linkedNotAssessed: 0 });
      // Scorecards read it per entity, in one query.
      const byEntity = await rootCauseCoverageByEntity(
        knex,
        [PAYMENTS, LEDGER],
        windowFromQuery({}, { now: Date.now(), defaultDays: 90 }),
      );
      expect(byEntity.get(PAYMENTS)).toMatchObject(expected);
      expect(byEntity.has(LEDGER)).toBe(false);
    },
  );
});
