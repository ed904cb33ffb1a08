import { TestDatabases } from '@backstage/backend-test-utils';
import { allEntityVersions, versionsOf } from './entityVersions';
import { QUALITY_MIGRATIONS_DIRECTORY } from './migrations';
import { QualityItemStore } from './QualityItemStore';

const NOW = Date.UTC(2026, 10, 20, 13, 7, 11);
const MINUTE = 60 * 1000;
const [A, B, C] = ['a', 'b', 'c'].map(n => `component:default/${n}`);

describe('entity versions', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('move for the entities a write touches, per kind written, and leave the others', async () => {
    const db = await databases.init('SQLITE_3');
    await db.migrate.latest({ directory: QUALITY_MIGRATIONS_DIRECTORY });
    const store = new QualityItemStore(db, 'jira', { now: () => NOW });
    const opened = (entityRef: string) => ({
      at: new Date(NOW - 60 * MINUTE),
      status: 'open' as const,
      severity: 'P2' as const,
      entityRef,
    });
    await store.upsertBugs([
      {
        externalId: 'M-1',
        title: 'moves',
        escaped: false,
        history: [opened(A)],
      },
    ]);
    const first = await allEntityVersions(db);
    // The bug moves from a to b: both answers change, c's does not.
    await store.upsertBugs([
      {
        externalId: 'M-1',
        title: 'moves',
        escaped: false,
        history: [opened(A), { ...opened(B), at: new Date(NOW) }],
      },
    ]);
    await store.upsertIncidents([
      {
        externalId: 'I-1',
        entityRef: B,
        title: 'down',
        severity: 'P1',
        startedAt: new Date(NOW - 10 * MINUTE),
      },
    ]);
    const second = await allEntityVersions(db);
    expect(second.get(A)?.version).toBe((first.get(A)?.version ?? 0) + 1);
    expect(second.get(B)).toEqual({ version: 2, incidentVersion: 1 });
    expect(second.get(C)).toBeUndefined();
    // Two writes to b, one of bugs and one of incidents; no deployment, no post-mortem.
    expect(await versionsOf(db, [B])).toEqual({
      answer: '2.1',
      kinds: { bugs: 1, incidents: 1, deployments: 0, postmortems: 0 },
    });
    // Summed over a scope: a's two bug writes and b's one.
    expect((await versionsOf(db, [A, B])).kinds).toMatchObject({
      bugs: 3,
      incidents: 1,
    });
    expect(await versionsOf(db, [C])).toEqual({
      answer: '0.1',
      kinds: { bugs: 0, incidents: 0, deployments: 0, postmortems: 0 },
    });
    await db.destroy();
  });
});
