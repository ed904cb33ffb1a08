import { TestDatabases } from '@backstage/backend-test-utils';
import { NormalisedBug } from '@quality-pulse/plugin-quality-node';
import {
  keptRollup,
  rollupFromHistory,
} from '../__testUtils__/rollupFromHistory';
import { QUALITY_MIGRATIONS_DIRECTORY } from './migrations';
import { QualityItemStore } from './QualityItemStore';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1, 9);

/** The same bug as eight writers might see it: each a different state of its history. */
function version(n: number): NormalisedBug {
  const history: NormalisedBug['history'] = [
    {
      at: new Date(T0),
      status: 'open',
      severity: 'P2',
      entityRef: 'component:default/payments-api',
    },
  ];
  for (let i = 1; i <= n; i++) {
    history.push({
      at: new Date(T0 + i * 7 * HOUR),
      status: i % 2 === 1 ? 'closed' : 'open',
      severity: i % 3 === 0 ? 'P1' : 'P2',
      entityRef:
        i % 4 === 0
          ? 'component:default/ledger'
          : 'component:default/payments-api',
    });
  }
  return {
    externalId: 'PAY-1',
    title: 'Refund fails',
    escaped: false,
    history,
  };
}

describe('concurrent upserts of one bug', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'keep the burn-down rollup equal to the stored history, on %p',
    async databaseId => {
      const db = await databases.init(databaseId);
      await db.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
      await new QualityItemStore(db, 'jira').upsertBugs([version(0)]);
      // Eight writers at once (CI retries, two replicas), each in its own transaction.
      for (let round = 0; round < 3; round++) {
        await Promise.all(
          Array.from({ length: 8 }, (_, n) =>
            new QualityItemStore(db, 'jira').upsertBugs([
              version((n + round) % 6),
            ]),
          ),
        );
        expect(await keptRollup(db)).toEqual(await rollupFromHistory(db));
      }
      // One bug, so at most one open at any instant: the rollup sums to 0 or 1.
      const total = await db('quality_bug_open_deltas')
        .sum({ n: 'delta' })
        .first();
      expect([0, 1]).toContain(Number(total?.n));
      await db.destroy();
    },
  );
});
